import { useState } from 'preact/hooks';
import type { AdminClient } from '../api/admin-client.js';
import { type SettingsDraft, SettingsFields, settingsOf } from '../settings-form.js';
import { attempt, Problem } from '../screen-kit.js';
import { KEY_ID_HELP, SECRET_HELP, settingsSchemaOf, VENDOR_IDS } from '../vendor-schemas.js';
import { vendorTakesKeyPair } from '../vendor-checklists.js';

/** The create form: the vendor's own settings fields, then the first secret (write-only) or a generated key pair. */
export function CreateIntegration({ client, onCreated }: { client: AdminClient; onCreated: () => void }) {
  const [vendor, setVendor] = useState('');
  const [slug, setSlug] = useState('');
  const [draft, setDraft] = useState<SettingsDraft>({});
  const [secret, setSecret] = useState('');
  const [keyId, setKeyId] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [created, setCreated] = useState<string | undefined>();
  const schema = settingsSchemaOf(vendor);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!schema) return;
    const parsed = settingsOf(schema, draft);
    if ('problem' in parsed) return setProblem(parsed.problem);
    const body = { slug, vendor, settings: parsed.settings, ...(secret ? { secret } : {}), ...(keyId ? { keyId } : {}) };
    const refused = await attempt(client.POST('/v1/admin/integrations', { body: body as never }), (integration) => setCreated(integration.slug));
    setProblem(refused);
    if (!refused) {
      setSecret('');
      onCreated();
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">Create an integration</h2>
      <div class="field">
        <label for="vendor">Vendor</label>
        <select id="vendor" required value={vendor} onChange={(event) => (setVendor(event.currentTarget.value), setDraft({}))}>
          <option value="">Choose…</option>
          {VENDOR_IDS.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="slug">Slug</label>
        <input id="slug" required pattern="[a-z0-9-]+" value={slug} onInput={(event) => setSlug(event.currentTarget.value)} aria-describedby="slug-help" />
        <p class="help" id="slug-help">
          Lower-case letters, digits and hyphens; the integration's name in URLs and in the widget's snippet.
        </p>
      </div>
      {schema && <SettingsFields schema={schema} draft={draft} onChange={setDraft} />}
      {vendor && !vendorTakesKeyPair(vendor) && (
        <div class="field">
          <label for="first-secret">Vendor secret</label>
          <input id="first-secret" type="password" autocomplete="off" value={secret} onInput={(event) => setSecret(event.currentTarget.value)} aria-describedby="first-secret-help" />
          <p class="help" id="first-secret-help">
            {SECRET_HELP}
          </p>
        </div>
      )}
      {vendor && (
        <div class="field">
          <label for="first-key-id">Key id (optional)</label>
          <input id="first-key-id" value={keyId} onInput={(event) => setKeyId(event.currentTarget.value)} aria-describedby="first-key-id-help" />
          <p class="help" id="first-key-id-help">
            {KEY_ID_HELP}
          </p>
        </div>
      )}
      <button type="submit" disabled={!schema}>
        Create
      </button>
      <Problem text={problem} />
      {created && !problem && (
        <p role="status">
          Created <a href={`#/integrations/${encodeURIComponent(created)}/secrets`}>{created}</a>.
        </p>
      )}
    </form>
  );
}
