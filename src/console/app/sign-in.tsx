import { useState } from 'preact/hooks';
import { apiPrefix } from './api/admin-client.js';

interface SignInProps {
  /** Tries the key; answers what went wrong, or undefined once signed in. */
  onKey: (key: string) => Promise<string | undefined>;
  /** The server offers single sign-on (its /me answer says `sso: true`). */
  sso?: boolean;
}

/** The key is held in memory only (the client's closure): never in storage or a cookie. */
export function SignIn({ onKey, sso }: SignInProps) {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <main class="sign-in">
      <h1>chat-identity console</h1>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setProblem(await onKey(key.trim()));
          setKey('');
        }}
      >
        <label for="admin-key">Admin key</label>
        <input id="admin-key" type="password" autocomplete="off" required value={key} onInput={(event) => setKey(event.currentTarget.value)} />
        <p class="help">One of the service's ADMIN_API_KEYS. It stays in this tab's memory: reloading the page signs you out.</p>
        <button type="submit">Sign in</button>
        {problem && (
          <p class="problem" role="alert">
            {problem}
          </p>
        )}
      </form>
      {sso && (
        <p>
          <a href={`${apiPrefix()}/v1/admin/sso/login`}>Sign in with SSO</a>
        </p>
      )}
    </main>
  );
}
