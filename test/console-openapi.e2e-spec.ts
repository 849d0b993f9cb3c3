import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestApp } from './support/app.js';

/** The console's copy of the admin API's contract: its client's types and its settings forms come from it. */
const COMMITTED = fileURLToPath(new URL('../src/console/app/api/admin-openapi.json', import.meta.url));

interface Document {
  openapi: string;
  info: unknown;
  paths: Record<string, unknown>;
  components: unknown;
}

/** The admin operations of the live document, with every schema. */
const adminPart = (document: Document): Document => ({
  openapi: document.openapi,
  info: document.info,
  paths: Object.fromEntries(Object.entries(document.paths).filter(([path]) => path.startsWith('/v1/admin/'))),
  components: document.components,
});

describe("The console's copy of the admin API document", () => {
  let app: NestFastifyApplication;
  let baseUrl: string;

  beforeAll(async () => {
    app = await startTestApp();
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(() => app.close());

  it('is the live document\'s admin part (CONSOLE_OPENAPI=write to refresh it, then npm run build:console)', async () => {
    const live = adminPart((await (await fetch(`${baseUrl}/docs-json`)).json()) as Document);
    const text = `${JSON.stringify(live, null, 1)}\n`;
    if (process.env.CONSOLE_OPENAPI === 'write') writeFileSync(COMMITTED, text);
    expect(JSON.parse(readFileSync(COMMITTED, 'utf8'))).toEqual(live);
    expect(Object.keys(live.paths)).toEqual(expect.arrayContaining(['/v1/admin/me', '/v1/admin/token-usage', '/v1/admin/integrations/{slug}/secrets']));
  });
});
