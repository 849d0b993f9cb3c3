import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHttpApp, type HttpAppOptions } from '../../src/http-app.js';
import { testDatabaseUrl, testMasterKey } from './database.js';
import { FAKE_VENDOR_ORIGINS } from './fake-vendor-server.js';

const BUILT_BROWSER_LIBRARY = fileURLToPath(new URL('../../dist/src/browser/', import.meta.url));

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';
export const USER_TOKEN_SECRET = 'test-identity-provider-secret-0123456789';
export const SERVICE_KEY = 'test-trusted-service-key-0123456789';
export const MASTER_KEY = `k1:${testMasterKey()}`;

/** The environment of a standalone instance on this run's database; override any variable. */
export function testEnvironment(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: testDatabaseUrl(),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'chat-identity-app-')),
    MASTER_KEYS: MASTER_KEY,
    ADMIN_API_KEYS: ADMIN_KEY,
    AUTH_JWT_SECRET: USER_TOKEN_SECRET,
    TRUSTED_SERVICE_KEYS: SERVICE_KEY,
    AUTH_ATTRIBUTE_CLAIMS: 'plan',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '100000',
    RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
    RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '100000',
    VENDOR_HOST_ALLOWLIST: FAKE_VENDOR_ORIGINS,
    ...overrides,
  };
}

/** A standalone instance, exactly as main.ts builds it (not listening: use Fastify's inject() or app.listen(0)). */
export function startTestApp(overrides: NodeJS.ProcessEnv = {}, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  // Swagger UI loads @fastify/static, a CommonJS package that require()s an ESM-only one: fine in
  // Node, not in Jest's module system. test/standalone-service.e2e-spec.ts checks /docs on the real process.
  // Jest runs the TypeScript sources: the browser library it serves is the one `npm test` built first.
  return createHttpApp(testEnvironment(overrides), { swaggerUi: false, browserSdkDirectory: BUILT_BROWSER_LIBRARY, ...options });
}
