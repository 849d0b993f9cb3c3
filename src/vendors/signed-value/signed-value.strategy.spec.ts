import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { chatwootAccepts } from '../chatwoot/chatwoot.fake.js';
import { crispAccepts } from '../crisp/crisp.fake.js';
import { frontAccepts } from '../front/front.fake.js';
import { helpscoutAccepts } from '../helpscout/helpscout.fake.js';
import { reamazeAccepts } from '../reamaze/reamaze.fake.js';
import { tawktoAccepts } from '../tawkto/tawkto.fake.js';
import { identityClaims, rejectionOf, SECRET, settingsProblemsOf, signingKey, USER_ID } from '../../../test/support/vendor-spec-kit.js';
import { ChatwootStrategy } from '../chatwoot/chatwoot.strategy.js';
import { CrispStrategy } from '../crisp/crisp.strategy.js';
import { FrontStrategy } from '../front/front.strategy.js';
import { HelpScoutStrategy } from '../helpscout/helpscout.strategy.js';
import { HexHmacSigner } from '../hex-hmac-signer.js';
import { ReamazeStrategy } from '../reamaze/reamaze.strategy.js';
import { TawkToStrategy } from '../tawkto/tawkto.strategy.js';
import type { InspectionFinding, IntegrationRef } from '../vendor-strategy.js';
import type { SignedValueStrategy } from './signed-value.strategy.js';
import { VendorsExceptionCode } from '../../vendors/vendors.exception.js';

const signer = new HexHmacSigner();
/** Each vendor's own check (its folder's fake). */
const VENDOR_ACCEPTS = { helpscout: helpscoutAccepts, front: frontAccepts, crisp: crispAccepts, chatwoot: chatwootAccepts, tawkto: tawktoAccepts, reamaze: reamazeAccepts };
const hmac = (value: string): string => createHmac('sha256', SECRET).update(value).digest('hex');
const EMAIL = 'Ada@Example.com';
const claims = identityClaims({ email: EMAIL });

type AnyHashStrategy = SignedValueStrategy<object>;
const integrationOf = (strategy: AnyHashStrategy, settings: Record<string, unknown> = {}): IntegrationRef<object> => ({
  id: 'integration-1',
  slug: `${strategy.definition.id}-support`,
  vendor: strategy.definition.id,
  settings: strategy.parseSettings(settings),
});
const issue = (strategy: AnyHashStrategy, settings: Record<string, unknown> = {}, overrides = {}) =>
  strategy.issue({ integration: integrationOf(strategy, settings), claims: { ...claims, ...overrides }, signingKey });
const ruleOf = (findings: InspectionFinding[], rule: string) => findings.find((finding) => finding.rule === rule);

describe('hash vendors: what they sign and hand over', () => {
  it.each([
    ['helpscout', new HelpScoutStrategy(signer), { identify: { name: 'Ada Lovelace', email: EMAIL, signature: hmac(EMAIL) } }],
    ['front', new FrontStrategy(signer), { init: { email: EMAIL, name: 'Ada Lovelace', userHash: hmac(EMAIL) } }],
    ['crisp', new CrispStrategy(signer), { push: [['set', 'user:email', [EMAIL, hmac(EMAIL)]]] }],
    [
      'chatwoot',
      new ChatwootStrategy(signer),
      { setUser: { identifier: USER_ID, user: { name: 'Ada Lovelace', email: EMAIL, identifier_hash: hmac(USER_ID) } } },
    ],
    ['tawkto', new TawkToStrategy(signer), { login: { userId: USER_ID, hash: hmac(USER_ID), name: 'Ada Lovelace', email: EMAIL } }],
    [
      'reamaze',
      new ReamazeStrategy(signer),
      { user: { id: USER_ID, email: EMAIL, name: 'Ada Lovelace', authkey: hmac(`${USER_ID}:${EMAIL}`) } },
    ],
  ] as const)('%s hands over exactly the value it signs, with a signature that never expires', async (vendor, strategy, handoff) => {
    const issued = await issue(strategy as AnyHashStrategy);
    expect(issued).toEqual({ expiresAt: null, handoff });
    expect(VENDOR_ACCEPTS[vendor](issued.handoff, SECRET)).toBe(true);
  });

  it.each([
    ['helpscout', new HelpScoutStrategy(signer)],
    ['front', new FrontStrategy(signer)],
    ['crisp', new CrispStrategy(signer)],
    ['reamaze', new ReamazeStrategy(signer)],
  ] as const)('%s refuses a user without an email with a 422 naming the rule', async (_vendor, strategy) => {
    const error = await rejectionOf(issue(strategy as AnyHashStrategy, {}, { email: undefined }));
    expect(error.code).toBe(VendorsExceptionCode.RuleViolated);
    expect(error.message).toMatch(/the user has no email/);
  });

  it('leaves the name out when there is none, and signs the external id with identifier externalId', async () => {
    const tawkto = new TawkToStrategy(signer) as AnyHashStrategy;
    const issued = await issue(tawkto, { identifier: 'externalId' }, { name: undefined, email: undefined });
    expect(issued.handoff).toEqual({ login: { userId: 'ext-42', hash: hmac('ext-42') } });
    const reamaze = await issue(new ReamazeStrategy(signer) as AnyHashStrategy, { identifier: 'externalId' });
    expect((reamaze.handoff.user as Record<string, unknown>).authkey).toBe(hmac(`ext-42:${EMAIL}`));
  });

  it('validates settings: unknown keys and a bad identifier are named', () => {
    expect(settingsProblemsOf(new HelpScoutStrategy(signer), { beaconId: 'x' }).fields).toEqual(['settings.beaconId']);
    expect(settingsProblemsOf(new ChatwootStrategy(signer), { identifier: 'email' }).fields).toEqual(['settings.identifier']);
    expect(new ChatwootStrategy(signer).parseSettings({})).toEqual({ identifier: 'userId' });
  });
});

describe('hash vendors: the inspector in plain language', () => {
  const helpscout = new HelpScoutStrategy(signer) as AnyHashStrategy;
  const chatwoot = new ChatwootStrategy(signer) as AnyHashStrategy;
  const reamaze = new ReamazeStrategy(signer) as AnyHashStrategy;
  const inspect = (strategy: AnyHashStrategy, signature: string, signed: string, settings = {}) =>
    strategy.inspect({ signature, signed }, integrationOf(strategy, settings));

  it('says what is wrong with the signature form', () => {
    const form = (signature: string) => ruleOf(inspect(helpscout, signature, EMAIL), 'helpscout.signature.lowercase-hex');
    expect(form(hmac(EMAIL))).toMatchObject({ ok: true });
    expect(form(hmac(EMAIL).toUpperCase())).toMatchObject({ ok: false, message: expect.stringContaining('upper-case hex') });
    expect(form(createHmac('sha1', SECRET).update(EMAIL).digest('hex'))).toMatchObject({ ok: false, message: expect.stringContaining('HMAC-SHA1') });
    expect(form(createHmac('sha256', SECRET).update(EMAIL).digest('base64'))).toMatchObject({ ok: false, message: expect.stringContaining('base64') });
    expect(form(` ${hmac(EMAIL)}`)).toMatchObject({ ok: false, message: expect.stringContaining('white space') });
  });

  it('checks the signed value is what the vendor signs', () => {
    expect(ruleOf(inspect(helpscout, hmac(USER_ID), USER_ID), 'helpscout.signed.email')).toMatchObject({ ok: false, message: expect.stringContaining('not an email') });
    expect(ruleOf(inspect(chatwoot, hmac(USER_ID), USER_ID), 'chatwoot.signed.identifier')).toMatchObject({ ok: true });
    expect(ruleOf(inspect(chatwoot, hmac(EMAIL), EMAIL), 'chatwoot.signed.identifier')).toMatchObject({ ok: false, message: expect.stringContaining('is an email') });
    expect(ruleOf(inspect(chatwoot, hmac(USER_ID), USER_ID.toUpperCase()), 'chatwoot.signed.identifier')).toMatchObject({ ok: false, message: expect.stringContaining('upper-case UUID') });
    expect(ruleOf(inspect(chatwoot, hmac('ext-42'), 'ext-42', { identifier: 'externalId' }), 'chatwoot.signed.identifier')).toMatchObject({ ok: true });
    expect(ruleOf(inspect(reamaze, hmac(EMAIL), EMAIL), 'reamaze.signed.id-colon-email')).toMatchObject({ ok: false, message: expect.stringContaining('no ":"') });
    const joined = inspect(reamaze, hmac(`${USER_ID}:${EMAIL}`), `${USER_ID}:${EMAIL}`);
    expect(joined.filter((finding) => !finding.ok)).toEqual([]);
  });

  it('offers the near misses the inspector tries: other case, white space, parts swapped or alone', () => {
    const near = (strategy: AnyHashStrategy, signed: string) =>
      strategy.nearMisses({ signature: '', signed }, integrationOf(strategy)).map(({ rule, signed: value }) => [rule, value]);
    expect(near(helpscout, ` ${EMAIL}`)).toEqual([
      ['helpscout.signed.surrounding-space', EMAIL],
      ['helpscout.signed.email-case', ` ${EMAIL.toLowerCase()}`],
    ]);
    expect(near(chatwoot, USER_ID.toUpperCase())).toEqual([['chatwoot.signed.identifier-case', USER_ID]]);
    expect(near(reamaze, `${USER_ID}:${EMAIL}`)).toEqual([
      ['reamaze.signed.email-case', `${USER_ID}:${EMAIL.toLowerCase()}`],
      ['reamaze.signed.order', `${EMAIL}:${USER_ID}`],
      ['reamaze.signed.email-alone', EMAIL],
      ['reamaze.signed.id-alone', USER_ID],
    ]);
  });
});
