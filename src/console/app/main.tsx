import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { adminClient, type AdminClient, type SignedInAdmin } from './api/admin-client.js';
import { Layout } from './layout.js';
import { SignIn } from './sign-in.js';

interface Session {
  client: AdminClient;
  admin: SignedInAdmin;
}

/** Asks who is signed in with these credentials (a key, or the host's cookies); undefined when no one is. */
async function signIn(key: string | undefined): Promise<{ session?: Session; status: number; sso?: boolean }> {
  const client = adminClient(key);
  const { data, error, response } = await client.GET('/v1/admin/me');
  // A server with single sign-on says so in the answer, signed in or not.
  const sso = (data as SignedInAdmin | undefined)?.sso ?? (error as { sso?: unknown } | undefined)?.sso === true;
  return data ? { session: { client, admin: data }, status: response.status, sso } : { status: response.status, sso };
}

function Console() {
  const [session, setSession] = useState<Session | undefined>();
  const [checked, setChecked] = useState(false);
  const [sso, setSso] = useState(false);
  // A host's own sign-in (cookies) may already be there: then no key is asked for.
  useEffect(() => {
    void signIn(undefined).then(({ session: found, sso: offered }) => {
      setSession(found);
      setSso(offered === true);
      setChecked(true);
    });
  }, []);
  if (!checked) return <p class="loading">Loading…</p>;
  if (!session) {
    return (
      <SignIn
        sso={sso}
        onKey={async (key) => {
          const { session: found, status } = await signIn(key);
          if (found) setSession(found);
          return found ? undefined : status === 429 ? 'Too many failed sign-ins from this address; wait a minute.' : 'That key is not an admin key of this service.';
        }}
      />
    );
  }
  return <Layout client={session.client} admin={session.admin} onSignOut={() => setSession(undefined)} />;
}

const root = document.getElementById('console');
if (root) render(<Console />, root);
