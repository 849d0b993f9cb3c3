import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** chat-identity's own version, from its package.json (found upwards: the build and the sources sit at different depths). */
export function chatIdentityVersion(): string {
  for (let directory = dirname(fileURLToPath(import.meta.url)); ; directory = dirname(directory)) {
    const candidate = join(directory, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'chat-identity' && manifest.version) return manifest.version;
    }
    if (dirname(directory) === directory) throw new Error('chat-identity: package.json not found above its own modules');
  }
}
