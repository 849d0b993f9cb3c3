import { createHash } from 'node:crypto';

/**
 * The demo page. The vendors' widgets are not loaded (they need the vendors' accounts): recording
 * stand-ins take their place under the same globals, and the page shows every call the browser
 * library makes on them, with the claims of any JWT it hands over.
 */
export const DEMO_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>chat-identity demo</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; overflow-wrap: anywhere; }
  /* A fieldset is at least as wide as its content unless told otherwise. */
  fieldset { border: 1px solid #ccc; margin-bottom: 1rem; min-width: 0; }
  #calls li { margin-bottom: .5rem; } pre { background: #f5f5f5; padding: .5rem; margin: .25rem 0; white-space: pre-wrap; }
  /* Tokens and signatures are one long word: they wrap anywhere rather than widen the page. */
  #calls, pre, #who, #state { overflow-wrap: anywhere; } select { max-width: 100%; }
  .error { color: #a00; } .state { font-weight: bold; }
</style>
<h1>chat-identity demo</h1>
<p>Development mode only. Pick an integration, sign in as a sample user, and watch what the vendor's widget is handed;
switch user or log out to see the widget's logout run first. Create integrations with the admin API (see the README).</p>
<fieldset>
  <label>Integration <select id="integration"></select></label>
  <button data-user="ada">Log in as Ada</button>
  <button data-user="grace">Log in as Grace</button>
  <button id="logout">Log out</button>
  <p>Signed in: <span class="state" id="who">nobody</span> &middot; widget: <span class="state" id="state">detached</span></p>
</fieldset>
<h2>What the widget was handed</h2>
<ol id="calls"></ol>
<script>
  // Recording stand-ins for the vendors' globals: any property is another stand-in, any call is shown.
  const shown = document.getElementById('calls');
  const claimsOf = (value) => {
    const jwt = typeof value === 'string' && value.replace(/^JWT /, '').match(/^[\\w-]+\\.([\\w-]+)\\.[\\w-]*$/);
    if (!jwt) return undefined;
    try { return JSON.parse(atob(jwt[1].replace(/-/g, '+').replace(/_/g, '/'))); } catch { return undefined; }
  };
  const jwtsIn = (value, found = []) => {
    if (claimsOf(value)) found.push(claimsOf(value));
    else if (value && typeof value === 'object') Object.values(value).forEach((child) => jwtsIn(child, found));
    return found;
  };
  const show = (text, value) => {
    const item = document.createElement('li');
    item.textContent = text;
    for (const claims of jwtsIn(value)) {
      const pre = document.createElement('pre');
      pre.textContent = 'JWT claims: ' + JSON.stringify(claims, null, 2);
      item.append(pre);
    }
    shown.append(item);
  };
  // Settings the hand-off puts on window for the snippet to read (Glassix, Tiledesk, Intercom, HubSpot,
  // Re:amaze): shown whenever they changed, before the next widget call and after each hand-off or logout.
  const settings = ['widgetOptions', 'tiledeskSettings', 'intercomSettings', 'hsConversationsSettings', '_support'];
  const settingsShown = {};
  const showSettings = () => {
    for (const name of settings) {
      const json = JSON.stringify(window[name]);
      if (json === settingsShown[name]) continue;
      settingsShown[name] = json;
      show(json === undefined ? 'delete window.' + name : 'window.' + name + ' = ' + json, window[name]);
    }
  };
  for (const event of ['attached', 'refreshed', 'detached']) window.addEventListener('chat-identity:' + event, showSettings);
  const stand_in = (path) => new Proxy(function () {}, {
    get: (_target, property) => (property === 'then' ? undefined : stand_in(path + '.' + String(property))),
    apply(_target, _this, args) {
      showSettings();
      show(path + '(' + args.map((arg) => (typeof arg === 'function' ? 'callback' : JSON.stringify(arg))).join(', ') + ')', args);
      // Widgets that ask for a credential through a callback (Zendesk) get a recording one.
      for (const arg of args) if (typeof arg === 'function') arg((value) => show(path + ' callback got ' + JSON.stringify(value), value));
      return undefined;
    },
    construct: (_target, args) => (show('new ' + path + '(' + JSON.stringify(args[0]) + ')', args), stand_in(path + ' instance')),
  });
  for (const name of ['GlassixWidgetClient', 'Gladly', 'Decimal', 'Tiledesk', 'Intercom', 'zE', 'Kustomer', 'embeddedservice_bootstrap',
    'Beacon', 'FrontChat', '$chatwoot', '$crisp', 'Tawk_API', 'Reamaze', 'HubSpotConversations']) window[name] = stand_in(name);
</script>
<script type="module">
  import { attach, detachAll } from '/sdk/chat-identity.js';
  const select = document.getElementById('integration');
  const state = document.getElementById('state');
  const who = document.getElementById('who');
  let signingIn; // the AbortController of the sign-in under way: a logout aborts it
  for (const { slug, vendor } of await (await fetch('/demo/integrations')).json()) select.add(new Option(slug + ' (' + vendor + ')', slug));
  if (!select.options.length) select.add(new Option('no integrations yet: create one with the admin API', ''));
  function logout() {
    signingIn?.abort();
    void detachAll(); // at once, also while attaching: the widget never gets the credential
    who.textContent = 'nobody';
    state.textContent = 'detached';
  }
  document.getElementById('logout').onclick = logout;
  for (const button of document.querySelectorAll('[data-user]')) {
    button.onclick = async () => {
      logout(); // a user switch is a logout, then a login
      const { signal } = (signingIn = new AbortController());
      const answer = await fetch('/demo/session/' + button.dataset.user, { method: 'POST', signal }).catch(() => undefined);
      const user = await answer?.json().catch(() => undefined);
      if (!answer || !user || signal.aborted) return;
      if (!answer.ok) return (state.textContent = user.detail);
      who.textContent = user.name + ' <' + user.email + '>';
      state.textContent = 'attaching';
      const session = attach({
        endpoint: location.origin,
        integration: select.value,
        getAccessToken: () => user.accessToken,
        signal,
        widgetOptions: { chatId: 'demo-chat-id' },
        onError: (failure) => {
          const item = document.createElement('li');
          item.className = 'error';
          item.textContent = failure.message + (failure.retrying ? ' (retrying in ' + Math.round(failure.retryInMs / 1000) + ' s)' : '');
          document.getElementById('calls').append(item);
        },
      });
      const ready = await session.ready;
      if (signal.aborted) return;
      state.textContent = ready + (session.expiresAt ? ', refreshes before ' + session.expiresAt.toLocaleTimeString() : '');
    };
  }
</script>
</html>
`;

/** The page's CSP: its two inline scripts by hash, nothing else but this origin. */
export const DEMO_PAGE_CSP = [
  "default-src 'self'",
  `script-src 'self' ${[...DEMO_PAGE.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map(([, script]) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`).join(' ')}`,
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join('; ');
