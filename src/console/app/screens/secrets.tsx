import { useState } from 'preact/hooks';
import { apiPrefix, roleCovers, type Schemas } from '../api/admin-client.js';
import { attempt, Problem, Screen, type ScreenProps, useLoad, when } from '../screen-kit.js';
import { vendorGuide } from '../vendor-checklists.js';
import { AddSecret } from './add-secret.js';
import { RevokeButton } from './revoke-button.js';

type SecretVersion = Schemas['SecretVersion'];
type AuditEvent = Schemas['AuditEvent'];

/** The newest audit page's events about this integration's versions, by version. */
async function historyOf({ client }: ScreenProps, slug: string) {
  const { data, error, response } = await client.GET('/v1/admin/audit', { params: { query: { limit: 500 } } });
  if (!data) return { error, response };
  const byVersion = new Map<number, AuditEvent[]>();
  for (const event of data.filter((entry) => entry.target === `integration:${slug}` && typeof entry.details.version === 'number')) {
    const version = event.details.version as number;
    byVersion.set(version, [...(byVersion.get(version) ?? []), event]);
  }
  return { data: byVersion, response };
}

export function SecretsScreen(props: ScreenProps & { slug: string }) {
  const { client, admin, slug } = props;
  const path = { params: { path: { slug } } };
  const integration = useLoad(() => client.GET('/v1/admin/integrations/{slug}', path), [slug]);
  const versions = useLoad(() => client.GET('/v1/admin/integrations/{slug}/secrets', path), [slug]);
  const history = useLoad(() => historyOf(props, slug), [slug]);
  const [problem, setProblem] = useState<string | undefined>();
  const reload = (): void => (versions.reload(), history.reload(), integration.reload());
  const vendor = integration.data?.vendor ?? '';
  const guide = vendorGuide(vendor);
  const operator = roleCovers(admin.role, 'operator');
  const activate = async (version: number): Promise<void> => {
    setProblem(await attempt(client.POST('/v1/admin/integrations/{slug}/secrets/{version}/activate', { params: { path: { slug, version } } }), reload));
  };
  return (
    <Screen title={`Secrets of ${slug}`}>
      <Problem text={integration.problem ?? versions.problem ?? problem} />
      {vendor && (
        <p>
          Vendor <strong>{vendor}</strong>. <a href={`#/integrations/${encodeURIComponent(slug)}/install`}>Install snippet</a>
        </p>
      )}
      {guide.credential === 'key-pair' && (
        <p>
          JWKS URL for the vendor: <code class="wrap" data-testid="jwks-url">{`${location.origin}${apiPrefix()}/v1/jwks/${encodeURIComponent(slug)}`}</code>
        </p>
      )}
      <h2>Versions</h2>
      <ol class="timeline" reversed>
        {[...(versions.data ?? [])]
          .sort((a, b) => b.version - a.version)
          .map((version: SecretVersion) => (
            <li key={version.version} class={`version state-${version.state}`} data-version={version.version}>
              <p class="version-head">
                <strong>v{version.version}</strong> <span class={`badge ${version.state}`}>{version.state}</span> <code class="wrap">{version.fingerprint}</code>
                {version.keyId && (
                  <>
                    {' '}
                    key id <code class="wrap">{version.keyId}</code>
                  </>
                )}
              </p>
              <p class="help">
                Added {when(version.createdAt)} by {version.createdBy}
                {version.activatedAt && `; activated ${when(version.activatedAt)}`}
                {version.retiredAt && `; retired ${when(version.retiredAt)}`}
                {version.revokedAt && `; revoked ${when(version.revokedAt)}`}
              </p>
              <ul class="history">
                {(history.data?.get(version.version) ?? []).map((event) => (
                  <li key={event.id}>
                    {when(event.occurredAt)}: {event.action} by {event.actor}
                    {event.actorRole ? ` (${event.actorRole})` : ''}
                  </li>
                ))}
              </ul>
              {operator && version.state === 'pending' && (
                <button type="button" onClick={() => activate(version.version)}>
                  Activate v{version.version}
                </button>
              )}
              {operator && version.state !== 'revoked' && <RevokeButton client={client} admin={admin} slug={slug} version={version} onRevoked={reload} />}
            </li>
          ))}
      </ol>
      {operator && vendor && <AddSecret client={client} slug={slug} vendor={vendor} onAdded={reload} />}
      <h2>On the vendor's side</h2>
      <ol class="checklist">
        {guide.checklist.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </Screen>
  );
}
