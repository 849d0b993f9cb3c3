import { useState } from 'preact/hooks';
import type { AdminClient } from '../api/admin-client.js';
import { attempt, Problem } from '../screen-kit.js';
import { vendorTakesKeyPair } from '../vendor-checklists.js';

/** A new version: pasted (write-only: the field empties once sent) or, for key-pair vendors, generated. */
export function AddSecret({ client, slug, vendor, onAdded }: { client: AdminClient; slug: string; vendor: string; onAdded: () => void }) {
  const [secret, setSecret] = useState('');
  const [keyId, setKeyId] = useState('');
  const [activate, setActivate] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const generate = vendorTakesKeyPair(vendor);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const body = { activate, ...(generate ? { generate: true } : { secret }), ...(keyId ? { keyId } : {}) };
    const refused = await attempt(client.POST('/v1/admin/integrations/{slug}/secrets', { params: { path: { slug } }, body }));
    setSecret('');
    setProblem(refused);
    if (!refused) onAdded();
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="add-secret-title">
      <h2 id="add-secret-title">{generate ? 'Generate a key pair' : 'Add a secret'}</h2>
      {!generate && (
        <div class="field">
          <label for="new-secret">New vendor secret</label>
          <input id="new-secret" type="password" autocomplete="off" required value={secret} onInput={(event) => setSecret(event.currentTarget.value)} />
          <p class="help">Write-only: it is encrypted at once and never shown again, here or in any answer.</p>
        </div>
      )}
      <div class="field">
        <label for="new-key-id">Key id (optional)</label>
        <input id="new-key-id" value={keyId} onInput={(event) => setKeyId(event.currentTarget.value)} />
      </div>
      <label class="inline">
        <input id="activate-now" type="checkbox" checked={activate} onChange={(event) => setActivate(event.currentTarget.checked)} /> Activate now (otherwise staged
        as pending, for a rotation with overlap)
      </label>
      <button type="submit">{generate ? 'Generate' : 'Add'}</button>
      <Problem text={problem} />
    </form>
  );
}
