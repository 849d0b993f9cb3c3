import { useEffect, useState } from 'preact/hooks';
import type { ScreenProps } from './screen-kit.js';
import { AuditScreen } from './screens/audit.js';
import { InspectorScreen } from './screens/inspector.js';
import { InstallScreen } from './screens/install.js';
import { IntegrationsScreen } from './screens/integrations.js';
import { SecretsScreen } from './screens/secrets.js';
import { UsersScreen } from './screens/users.js';

const NAVIGATION = [
  { hash: '#/integrations', label: 'Integrations' },
  { hash: '#/inspector', label: 'Inspector' },
  { hash: '#/users', label: 'Users' },
  { hash: '#/audit', label: 'Audit trail' },
];

const useHash = (): string => {
  const [hash, setHash] = useState(location.hash || '#/integrations');
  useEffect(() => {
    const changed = (): void => setHash(location.hash || '#/integrations');
    window.addEventListener('hashchange', changed);
    // Effects run after the first paint: a change of hash before that (a link opened right after sign-in) fired no listener.
    changed();
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash;
};

/** `#/integrations/<slug>/secrets` and friends: the screen and its integration. */
function screenOf(hash: string, props: ScreenProps) {
  const [, section, slug, detail] = hash.split('/').map((part) => decodeURIComponent(part));
  if (section === 'integrations' && slug && detail === 'secrets') return <SecretsScreen {...props} slug={slug} />;
  if (section === 'integrations' && slug && detail === 'install') return <InstallScreen {...props} slug={slug} />;
  if (section === 'inspector') return <InspectorScreen {...props} />;
  if (section === 'users') return <UsersScreen {...props} />;
  if (section === 'audit') return <AuditScreen {...props} />;
  return <IntegrationsScreen {...props} />;
}

export function Layout({ client, admin, onSignOut }: ScreenProps & { onSignOut: () => void }) {
  const hash = useHash();
  const section = `#/${hash.split('/')[1] ?? ''}`;
  // A new screen takes the focus to its heading, so keyboard and screen-reader users land on it.
  useEffect(() => document.querySelector<HTMLElement>('main h1')?.focus(), [hash]);
  return (
    <div class="layout">
      <header class="top">
        <span class="brand">chat-identity console</span>
        <nav aria-label="Console">
          <ul>
            {NAVIGATION.map((item) => (
              <li key={item.hash}>
                <a href={item.hash} aria-current={section === item.hash ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          <span data-testid="signed-in">
            {admin.name} ({admin.role})
          </span>
          <button type="button" class="link" onClick={onSignOut}>
            Sign out
          </button>
        </span>
      </header>
      <main id="content">{screenOf(hash, { client, admin })}</main>
    </div>
  );
}
