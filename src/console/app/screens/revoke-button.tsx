import { useState } from 'preact/hooks';
import { type AdminClient, roleCovers, type Schemas, type SignedInAdmin } from '../api/admin-client.js';
import { attempt, Problem } from '../screen-kit.js';

interface RevokeProps {
  client: AdminClient;
  admin: SignedInAdmin;
  slug: string;
  version: Schemas['SecretVersion'];
  onRevoked: () => void;
}

/**
 * Revokes as asked; the API refuses the active version (nothing else could sign), and then the
 * consequence is said in words and only an explicit confirmation sends `?force=true`.
 */
export function RevokeButton({ client, admin, slug, version, onRevoked }: RevokeProps) {
  const [refused, setRefused] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const revoke = async (force: boolean): Promise<void> => {
    const { data, error, response } = await client.POST('/v1/admin/integrations/{slug}/secrets/{version}/revoke', {
      params: { path: { slug, version: version.version }, query: force ? { force: true } : {} },
    });
    if (data) return (setRefused(false), onRevoked());
    if (response.status === 409 && !force) return setRefused(true);
    setProblem(await attempt(Promise.resolve({ error, response })));
  };
  const confirmId = `force-${slug}-${version.version}`;
  return (
    <div class="revoke">
      {!refused && (
        <button type="button" class="danger" onClick={() => revoke(false)}>
          Revoke v{version.version}
        </button>
      )}
      {refused && (
        <div class="confirm" role="alertdialog" aria-labelledby={`${confirmId}-title`}>
          <p id={`${confirmId}-title`}>
            <strong>v{version.version} is the only active secret.</strong> Revoking it leaves none: every token request for {slug} will answer 503 until
            another version is activated.
          </p>
          {roleCovers(admin.role, 'owner') ? (
            <>
              <label>
                <input id={confirmId} type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.currentTarget.checked)} /> I understand: revoke
                v{version.version} anyway
              </label>
              <button type="button" class="danger" disabled={!confirmed} onClick={() => revoke(true)}>
                Force revoke v{version.version}
              </button>
            </>
          ) : (
            <p>Only an owner can force it. Activate or add another version first.</p>
          )}
          <button type="button" onClick={() => (setRefused(false), setConfirmed(false))}>
            Cancel
          </button>
        </div>
      )}
      <Problem text={problem} />
    </div>
  );
}
