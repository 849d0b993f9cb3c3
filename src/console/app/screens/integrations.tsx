import { roleCovers, type Schemas } from '../api/admin-client.js';
import { age, Problem, Screen, type ScreenProps, useLoad } from '../screen-kit.js';
import { CreateIntegration } from './create-integration.js';

type SecretVersion = Schemas['SecretVersion'];

interface Row {
  integration: Schemas['Integration'];
  versions: SecretVersion[];
  tokensIssued: number;
}

/** Every integration with its versions and last hour's tokens: one list call, one secrets call each, one usage call. */
async function loadRows({ client }: ScreenProps) {
  const [list, usage] = await Promise.all([client.GET('/v1/admin/integrations'), client.GET('/v1/admin/token-usage')]);
  if (!list.data) return { error: list.error, response: list.response };
  const issued = new Map((usage.data ?? []).map((entry) => [entry.integration, entry.tokensIssued]));
  const rows = await Promise.all(
    list.data.map(async (integration): Promise<Row> => {
      const { data } = await client.GET('/v1/admin/integrations/{slug}/secrets', { params: { path: { slug: integration.slug } } });
      return { integration, versions: data ?? [], tokensIssued: issued.get(integration.slug) ?? 0 };
    }),
  );
  return { data: rows, response: list.response };
}

const versionsIn = (versions: SecretVersion[], state: SecretVersion['state']): string =>
  versions
    .filter((version) => version.state === state)
    .map((version) => `v${version.version}`)
    .join(', ') || '—';

export function IntegrationsScreen(props: ScreenProps) {
  const rows = useLoad(() => loadRows(props));
  return (
    <Screen title="Integrations">
      <Problem text={rows.problem} />
      {rows.data && rows.data.length === 0 && <p>No integration yet.</p>}
      {rows.data && rows.data.length > 0 && (
        <div class="table">
          <table>
            <thead>
              <tr>
                <th scope="col">Slug</th>
                <th scope="col">Vendor</th>
                <th scope="col">Active version</th>
                <th scope="col">Pending</th>
                <th scope="col">Retired</th>
                <th scope="col">Tokens, last hour</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.data.map(({ integration, versions, tokensIssued }) => {
                const active = versions.find((version) => version.state === 'active');
                return (
                  <tr key={integration.slug} data-slug={integration.slug}>
                    <th scope="row">
                      {integration.slug}
                      {!integration.enabled && <span class="badge"> disabled</span>}
                    </th>
                    <td>{integration.vendor}</td>
                    <td>{active ? `v${active.version}, ${age(active.activatedAt)} old` : 'none'}</td>
                    <td>{versionsIn(versions, 'pending')}</td>
                    <td>{versionsIn(versions, 'retired')}</td>
                    <td data-testid="tokens-last-hour">{tokensIssued}</td>
                    <td class="actions">
                      <a href={`#/integrations/${encodeURIComponent(integration.slug)}/secrets`}>Secrets</a>{' '}
                      <a href={`#/integrations/${encodeURIComponent(integration.slug)}/install`}>Install</a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {roleCovers(props.admin.role, 'operator') && <CreateIntegration client={props.client} onCreated={rows.reload} />}
    </Screen>
  );
}
