import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('README.md', () => {
  it('shows exactly the host module the mount tests boot', () => {
    const block = /<!-- mount-example:start -->\n```ts\n([\s\S]*?)```\n<!-- mount-example:end -->/.exec(read('../README.md'));
    expect(block?.[1]).toBe(read('./host/host-app.module.ts'));
  });
});
