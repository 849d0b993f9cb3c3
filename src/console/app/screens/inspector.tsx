import { useState } from 'preact/hooks';
import type { Schemas } from '../api/admin-client.js';
import { IntegrationPicker, useIntegrations } from '../integration-picker.js';
import { attempt, Problem, Screen, type ScreenProps } from '../screen-kit.js';
import { vendorGuide } from '../vendor-checklists.js';

type Report = Schemas['InspectionReportView'];

/** Paste what a widget got; the service says, rule by rule, what is right and wrong with it. */
export function InspectorScreen({ client }: ScreenProps) {
  const integrations = useIntegrations(client);
  const [slug, setSlug] = useState('');
  const [token, setToken] = useState('');
  const [signature, setSignature] = useState('');
  const [signed, setSigned] = useState('');
  const [report, setReport] = useState<Report | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const vendor = integrations.find((integration) => integration.slug === slug)?.vendor ?? '';
  const bySignature = vendorGuide(vendor).credential === 'signature';
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setReport(undefined);
    const body = bySignature ? { signature: signature.trim(), signed } : { token: token.trim() };
    setProblem(await attempt(client.POST('/v1/admin/integrations/{slug}/inspect', { params: { path: { slug } }, body }), setReport));
  };
  return (
    <Screen title="Inspector">
      <form class="card" onSubmit={submit}>
        <div class="field">
          <label for="inspect-integration">Integration</label>
          <IntegrationPicker id="inspect-integration" integrations={integrations} value={slug} onChange={setSlug} />
        </div>
        {bySignature ? (
          <>
            <div class="field">
              <label for="inspect-signature">Signature</label>
              <input id="inspect-signature" required value={signature} onInput={(event) => setSignature(event.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="inspect-signed">Signed value</label>
              <input id="inspect-signed" required value={signed} onInput={(event) => setSigned(event.currentTarget.value)} aria-describedby="inspect-signed-help" />
              <p class="help" id="inspect-signed-help">
                Exactly what the widget was handed beside the signature: the email, the id, or Re:amaze's id:email.
              </p>
            </div>
          </>
        ) : (
          <div class="field">
            <label for="inspect-token">Token</label>
            <textarea id="inspect-token" rows={5} required value={token} onInput={(event) => setToken(event.currentTarget.value)} />
          </div>
        )}
        <button type="submit">Inspect</button>
      </form>
      <Problem text={problem} />
      {report && <Findings report={report} />}
    </Screen>
  );
}

function Findings({ report }: { report: Report }) {
  return (
    <section class="card" aria-labelledby="findings-title" data-testid="findings">
      <h2 id="findings-title">{report.ok ? 'Looks right' : 'Something is wrong'}</h2>
      <p class={report.signature.valid ? 'ok' : 'bad'}>{report.signature.message}</p>
      <ul class="findings">
        {report.findings.map((finding) => (
          <li key={finding.rule} class={finding.ok ? 'ok' : 'bad'}>
            <span aria-hidden="true">{finding.ok ? '✓ ' : '✗ '}</span>
            <span class="visually-hidden">{finding.ok ? 'Passes: ' : 'Fails: '}</span>
            {finding.message}
          </li>
        ))}
      </ul>
      {report.claims && (
        <details>
          <summary>Decoded claims (untrusted)</summary>
          <pre class="wrap">{JSON.stringify(report.claims, null, 2)}</pre>
        </details>
      )}
    </section>
  );
}
