import { useState } from 'preact/hooks';
import { apiPrefix } from '../api/admin-client.js';
import { Problem, Screen, type ScreenProps, useLoad } from '../screen-kit.js';

const webSnippet = (endpoint: string, slug: string): string => `<script type="module">
  import { attach } from '${endpoint}/sdk/chat-identity.js';

  const chat = await attach({
    endpoint: '${endpoint}',
    integration: '${slug}',
    getAccessToken: () => auth.currentAccessToken(), // your login's access token
    onError: (failure) => console.warn('chat unavailable:', failure.message),
  });
  // On logout: await chat.detach();
</script>`;

const mobileCall = (endpoint: string, slug: string): string => `curl -X POST '${endpoint}/v1/identity/${encodeURIComponent(slug)}' \\
  -H 'Authorization: Bearer <the user's access token>'`;

function Snippet({ id, title, text }: { id: string; title: string; text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <pre class="wrap" id={id} data-testid={id}>
        {text}
      </pre>
      <button type="button" onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true))}>
        Copy
      </button>
      {copied && <span role="status"> Copied.</span>}
    </section>
  );
}

/** What a developer pastes: the browser library for the web, the REST call for apps, filled in for this integration. */
export function InstallScreen({ client, slug }: ScreenProps & { slug: string }) {
  const integration = useLoad(() => client.GET('/v1/admin/integrations/{slug}', { params: { path: { slug } } }), [slug]);
  const endpoint = `${location.origin}${apiPrefix()}`;
  return (
    <Screen title={`Install ${slug}`}>
      <Problem text={integration.problem} />
      {integration.data && (
        <>
          <p>
            Load the {integration.data.vendor} widget's own snippet as usual, without its automatic start, then:
          </p>
          <Snippet id="web-snippet" title="Web page (browser library)" text={webSnippet(endpoint, slug)} />
          <Snippet id="mobile-call" title="Mobile app (REST)" text={mobileCall(endpoint, slug)} />
          <p>
            <a href={`#/integrations/${encodeURIComponent(slug)}/secrets`}>Secrets and vendor checklist</a>
          </p>
        </>
      )}
    </Screen>
  );
}
