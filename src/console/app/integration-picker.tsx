import type { AdminClient, Schemas } from './api/admin-client.js';
import { useLoad } from './screen-kit.js';

/** The integrations, for a screen that works on one of them. */
export function useIntegrations(client: AdminClient): Schemas['Integration'][] {
  return useLoad(() => client.GET('/v1/admin/integrations')).data ?? [];
}

export function IntegrationPicker({ id, integrations, value, onChange, anyLabel }: { id: string; integrations: Schemas['Integration'][]; value: string; onChange: (slug: string) => void; anyLabel?: string }) {
  return (
    <select id={id} required={!anyLabel} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
      <option value="">{anyLabel ?? 'Choose…'}</option>
      {integrations.map((integration) => (
        <option key={integration.slug} value={integration.slug}>
          {integration.slug} ({integration.vendor})
        </option>
      ))}
    </select>
  );
}
