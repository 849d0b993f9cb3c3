import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironment } from './environment.js';
import { standaloneModuleOptions } from './standalone-options.js';

const masterKey = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;

describe('validateEnvironment', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(validateEnvironment({})).toMatchObject({ PORT: 3000, DATA_DIR: './.data', LOG_LEVEL: 'info', DATABASE_TIMEOUT_MS: 2000, DATABASE_QUERY_TIMEOUT_MS: 10_000, CACHE_STALE_WINDOW_SECONDS: 300 });
  });

  it('parses lists and numbers', () => {
    const environment = validateEnvironment({ PORT: '8080', MASTER_KEYS: `${masterKey('k2')}, ${masterKey('k1')}`, AUTH_ATTRIBUTE_CLAIMS: 'plan,tier' });
    expect(environment.PORT).toBe(8080);
    expect(environment.MASTER_KEYS?.map((entry) => entry.split(':')[0])).toEqual(['k2', 'k1']);
    expect(environment.AUTH_ATTRIBUTE_CLAIMS).toEqual(['plan', 'tier']);
  });

  it('takes BODY_LIMIT_BYTES from 1 KB to the import limit, 64 KB by default', () => {
    expect(validateEnvironment({}).BODY_LIMIT_BYTES).toBe(65_536);
    expect(validateEnvironment({ BODY_LIMIT_BYTES: '1048576' }).BODY_LIMIT_BYTES).toBe(1_048_576);
    for (const bad of ['100', '64kb', '99999999', '-1']) {
      expect(() => validateEnvironment({ BODY_LIMIT_BYTES: bad })).toThrow('- BODY_LIMIT_BYTES:');
    }
  });

  it('asks for every admin single sign-on variable once any is set, in the one configuration error', () => {
    let message = '';
    try {
      validateEnvironment({ ADMIN_OIDC_ISSUER: 'http://idp.example.com', ADMIN_OIDC_CLIENT_SECRET: 'sso-client-secret-value', ADMIN_SESSION_TTL_SECONDS: '5', PORT: 'eighty' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')[0]).toBe('Invalid configuration:');
    expect(message).toContain('- ADMIN_OIDC_ISSUER: must be an https:// URL');
    for (const variable of ['ADMIN_OIDC_CLIENT_ID', 'ADMIN_OIDC_ROLE_CLAIM', 'PUBLIC_URL']) expect(message).toContain(`- ${variable}: required for admin single sign-on`);
    expect(message).toContain('- ADMIN_SESSION_TTL_SECONDS:');
    expect(message).toContain('- PORT:');
    expect(message).not.toContain('sso-client-secret-value');
    expect(message).not.toContain('- ADMIN_OIDC_CLIENT_SECRET:');
  });

  it('takes a complete single sign-on configuration, and none at all', () => {
    const sso = { ADMIN_OIDC_ISSUER: 'https://idp.example.com', ADMIN_OIDC_CLIENT_ID: 'chat-identity', ADMIN_OIDC_CLIENT_SECRET: 's', ADMIN_OIDC_ROLE_CLAIM: 'roles', PUBLIC_URL: 'https://chat.example.com' };
    expect(validateEnvironment(sso)).toMatchObject({ ...sso, ADMIN_SESSION_TTL_SECONDS: 28_800 });
    expect(validateEnvironment({ ...sso, PUBLIC_URL: 'http://127.0.0.1:3000', ADMIN_OIDC_SCOPES: 'openid,email,groups' }).ADMIN_OIDC_SCOPES).toEqual(['openid', 'email', 'groups']);
    expect(() => validateEnvironment({ ...sso, PUBLIC_URL: 'https://chat.example.com/admin' })).toThrow('- PUBLIC_URL: must be an origin');
    expect(validateEnvironment({}).ADMIN_OIDC_ISSUER).toBeUndefined();
  });

  it('serves the console unless CONSOLE=off', () => {
    expect(validateEnvironment({}).CONSOLE).toBe('on');
    expect(validateEnvironment({ CONSOLE: 'off' }).CONSOLE).toBe('off');
    expect(() => validateEnvironment({ CONSOLE: 'no' })).toThrow('- CONSOLE:');
  });

  it('lists every bad variable in one message, without echoing secret values', () => {
    const secret = 'short-secret';
    let message = '';
    try {
      validateEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MASTER_KEYS: 'k1:not-base64', AUTH_JWT_SECRET: secret, LOG_LEVEL: 'loud' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')[0]).toBe('Invalid configuration:');
    for (const variable of ['PORT', 'DATABASE_URL', 'MASTER_KEYS', 'AUTH_JWT_SECRET', 'LOG_LEVEL']) {
      expect(message).toContain(`- ${variable}:`);
    }
    expect(message).not.toContain(secret);
    expect(message).not.toContain('not-base64');
  });
});

describe('standaloneModuleOptions', () => {
  it('refuses to start on DATABASE_URL without MASTER_KEYS', async () => {
    const environment = validateEnvironment({ DATABASE_URL: 'postgres://127.0.0.1/db', DATA_DIR: mkdtempSync(join(tmpdir(), 'env-')) });
    await expect(standaloneModuleOptions(environment)).rejects.toThrow('MASTER_KEYS: required when DATABASE_URL is set');
  });

  it('generates development keys once, in private files, only for the embedded database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'env-'));
    const first = await standaloneModuleOptions(validateEnvironment({ DATA_DIR: dataDir }));
    const second = await standaloneModuleOptions(validateEnvironment({ DATA_DIR: dataDir }));
    expect(second.masterKeys[0].key.equals(first.masterKeys[0].key)).toBe(true);
    expect(second.adminApiKeys).toEqual(first.adminApiKeys);
    expect(readFileSync(join(dataDir, 'admin-api-key'), 'utf8').trim()).toBe(first.adminApiKeys?.[0]);
    for (const file of ['master-key', 'admin-api-key', 'service-key']) {
      expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
    }
  });

  it('uses the configured keys and generates nothing with DATABASE_URL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'env-'));
    const options = await standaloneModuleOptions(
      validateEnvironment({ DATABASE_URL: 'postgres://127.0.0.1/db', DATA_DIR: dataDir, MASTER_KEYS: masterKey('k1') }),
    );
    expect(options.masterKeys.map((key) => key.id)).toEqual(['k1']);
    expect(options.adminApiKeys).toEqual([]);
    expect(options.trustedServiceKeys).toEqual([]);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
