import { useEffect, useRef, useState } from 'preact/hooks';
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

/** The events loaded so far and the filter they answer. */
interface Loaded {
  filter: Filter;
  events: AuditEvent[];
  more: boolean;
}

const sameFilter = (a: Filter, b: Filter): boolean => a.integration === b.integration && a.actor === b.actor && a.action === b.action;

/** The API's query for a page under `filter`: empty filters are left out. */
const pageQuery = ({ integration, actor, action }: Filter, after?: string) => ({
  limit: PAGE_SIZE,
  ...(after && { after }),
  ...(integration && { integration }),
  ...(actor.trim() && { actor: actor.trim() }),
  ...(action && { action }),
});

/** Newest first, a page of the trail at a time; the API applies the filters, "Older events" loads the next page. */
export function AuditScreen({ client }: ScreenProps) {
  const integrations = useIntegrations(client);
  const [filter, setFilter] = useState<Filter>({ integration: '', actor: '', action: '' });
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [actions, setActions] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | undefined>();
  // Typing in the actor field sends a request per keystroke: only the latest one's answer is shown.
  const latest = useRef(0);
  const loadPage = async (wanted: Filter, after?: string): Promise<void> => {
    const request = ++latest.current;
    const answer = client.GET('/v1/admin/audit', { params: { query: pageQuery(wanted, after) } });
    const failed = await attempt(answer, (page) => {
      if (request !== latest.current) return;
      setLoaded((shown) => ({ filter: wanted, events: after && shown ? [...shown.events, ...page] : page, more: page.length === PAGE_SIZE }));
      setActions((known) => [...new Set([...known, ...page.map((event) => event.action)])].sort());
    });
    if (request === latest.current) setProblem(failed);
  };
  useEffect(() => void loadPage(filter), [filter.integration, filter.actor, filter.action]);
  const settled = loaded !== undefined && sameFilter(loaded.filter, filter);
  const events = loaded?.events ?? [];
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
      <div class="table" aria-busy={!settled}>
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
            {events.map((event) => (
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
      {settled && events.length === 0 && <p>No event matches.</p>}
      {settled && loaded.more && events.length > 0 && (
        <button type="button" onClick={() => loadPage(filter, events[events.length - 1].id)}>
          Older events
        </button>
      )}
    </Screen>
  );
}
