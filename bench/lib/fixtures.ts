/** One integration per vendor, the settings the bench creates them with (docs/http-api.md, settings per vendor). */
export const VENDOR_SETTINGS: Record<string, Record<string, unknown>> = {
  glassix: { apiKey: '0b6f2f4e-9a57-4f7e-8a43-5c1d1a0f6e21', snippetId: 'bench-snippet', claims: { field1: 'name', field2: 'attributes.plan' } },
  gladly: { mode: 'standard' },
  decimal: {},
  tiledesk: { projectId: 'bench-project' },
};

export const VENDORS = Object.keys(VENDOR_SETTINGS);

export const slugOf = (vendor: string): string => `${vendor}-bench`;
