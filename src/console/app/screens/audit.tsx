import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../api/admin-client.js';
import { IntegrationPicker, useIntegrations } from '../integration-picker.js';
import { attempt, Problem, Screen, type ScreenProps, when } from '../screen-kit.js';

type AuditEvent = Schemas['AuditEvent'];

const PAGE_SIZE = 100;

interface Filter {
  integration: string;
  actor: string;
  action: string;
}

const matches = (event: AuditEvent, { integration, actor, action }: Filter): boolean =>
  (!integration || event.target === `integration:${integration}`) &&
  (!actor || event.actor.toLowerCase().includes(actor.toLowerCase())) &&
  (!action || event.action.startsWith(action));

/** Newest first, a page of the trail at a time; the filters narrow what has been loaded, "Older events" loads the next page. */
export function AuditScreen({ client }: ScreenProps) {
  const integrations = useIntegrations(client);
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [more, setMore] = useState(true);
  const [filter, setFilter] = useState<Filter>({ integration: '', actor: '', action: '' });
  const [problem, setProblem] = useState<string | undefined>();
  const loadPage = async (after?: string): Promise<void> => {
    const query = after ? { limit: PAGE_SIZE, after } : { limit: PAGE_SIZE };
    setProblem(
      await attempt(client.GET('/v1/admin/audit', { params: { query } }), (page) => {
        setEvents((loaded) => (after ? [...loaded, ...page] : page));
        setMore(page.length === PAGE_SIZE);
      }),
    );
  };
  useEffect(() => void loadPage(), []);
  const shown = events.filter((event) => matches(event, filter));
  const actions = [...new Set(events.map((event) => event.action))].sort();
  return (
    <Screen title="Audit trail">
      <form class="card filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter the audit trail">
        <div class="field">
          <label for="audit-integration">Integration</label>
          <IntegrationPicker id="audit-integration" integrations={integrations} value={filter.integration} anyLabel="Any" onChange={(integration) => setFilter({ ...filter, integration })} />
        </div>
        <div class="field">
          <label for="audit-actor">Actor</label>
          <input id="audit-actor" value={filter.actor} onInput={(event) => setFilter({ ...filter, actor: event.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="audit-action">Action</label>
          <select id="audit-action" value={filter.action} onChange={(event) => setFilter({ ...filter, action: event.currentTarget.value })}>
            <option value="">Any</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Problem text={problem} />
      <div class="table">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((event) => (
              <tr key={event.id} data-testid="audit-event">
                <td>{when(event.occurredAt)}</td>
                <td>
                  {event.actor}
                  {event.actorRole ? ` (${event.actorRole})` : ''}
                </td>
                <td>{event.action}</td>
                <td class="wrap">{event.target}</td>
                <td class="wrap">{JSON.stringify(event.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && <p>No event matches.</p>}
      {more && events.length > 0 && (
        <button type="button" onClick={() => loadPage(events[events.length - 1].id)}>
          Older events
        </button>
      )}
    </Screen>
  );
}
