import { useState } from 'preact/hooks';
import { roleCovers, type Schemas } from '../api/admin-client.js';
import { type Answer, attempt, Problem, Screen, type ScreenProps, when } from '../screen-kit.js';

/** The stable UUIDs' shape, either case: such an input is looked up as a UUID first. */
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which customer an external id or a vendor's UUID is, and the erasure (owners), confirmed by typing the external id. */
export function UsersScreen({ client, admin }: ScreenProps) {
  const [key, setKey] = useState('');
  const [user, setUser] = useState<Schemas['AdminUserView'] | undefined>();
  const [typed, setTyped] = useState('');
  const [erased, setErased] = useState<Schemas['ErasedUserView'] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const path = (id: string) => ({ params: { path: { externalId: id } } });
  const find = async (wanted: string): Promise<Answer<Schemas['AdminUserView']>> => {
    if (UUID_SHAPE.test(wanted)) {
      const byId = await client.GET('/v1/admin/users/by-id/{userId}', { params: { path: { userId: wanted } } });
      // Not a UUID we issued: host applications' own keys may be UUIDs too.
      if (byId.response.status !== 404) return byId;
    }
    return client.GET('/v1/admin/users/{externalId}', path(wanted));
  };
  const lookUp = async (event: Event): Promise<void> => {
    event.preventDefault();
    setUser(undefined);
    setErased(undefined);
    setProblem(await attempt(find(key.trim()), setUser));
  };
  const erase = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!user) return;
    setProblem(await attempt(client.DELETE('/v1/admin/users/{externalId}', path(user.externalId)), (answer) => (setErased(answer), setUser(undefined), setTyped(''))));
  };
  return (
    <Screen title="Users">
      <form class="card" onSubmit={lookUp}>
        <div class="field">
          <label for="user-key">External id or UUID</label>
          <input id="user-key" required value={key} onInput={(event) => setKey(event.currentTarget.value)} aria-describedby="user-key-help" />
          <p class="help" id="user-key-help">
            Your application's own key for the user, or the UUID a vendor shows. A UUID is looked up as the vendors' UUID first, then as an external id.
          </p>
        </div>
        <button type="submit">Look up</button>
      </form>
      <Problem text={problem} />
      {user && (
        <section class="card" aria-labelledby="user-title" data-testid="user">
          <h2 id="user-title">{user.externalId}</h2>
          <dl>
            <dt>UUID the vendors know</dt>
            <dd>
              <code class="wrap">{user.userId}</code>
            </dd>
            <dt>Name</dt>
            <dd>{user.name ?? '—'}</dd>
            <dt>Email</dt>
            <dd>{user.email ?? '—'}</dd>
            <dt>Phone</dt>
            <dd>{user.phone ?? '—'}</dd>
            <dt>First seen</dt>
            <dd>{when(user.createdAt)}</dd>
          </dl>
          {roleCovers(admin.role, 'owner') && (
            <form onSubmit={erase} class="confirm">
              <p>
                Erasing deletes this user here: the next token request gets a <strong>new</strong> UUID, and the vendors' history under the old one is no longer linked.
              </p>
              <label for="erase-confirm">Type {user.externalId} to confirm</label>
              <input id="erase-confirm" autocomplete="off" value={typed} onInput={(event) => setTyped(event.currentTarget.value)} />
              <button type="submit" class="danger" disabled={typed !== user.externalId}>
                Erase user
              </button>
            </form>
          )}
        </section>
      )}
      {erased && (
        <p role="status" data-testid="erased">
          Erased {erased.externalId}. Tell the vendors UUID <code class="wrap">{erased.userId}</code> if their history must go too.
        </p>
      )}
    </Screen>
  );
}
