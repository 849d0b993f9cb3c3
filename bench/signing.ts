// Per-vendor cost of issuing one identity, in-process (no HTTP): every registered strategy's issue()
// with the cached key, as the hot path calls it, and its signer alone; then @nestjs/jwt's JwtService
// against the signers it would replace, on the same claims in the same run; and what recording one
// token request's metrics costs (the issued counter and the latency histogram). Run as a child of bench/run.
import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import jsonwebtoken from 'jsonwebtoken';
import { createSecretKey, generateKeyPairSync, randomBytes, randomUUID, sign as rsaSign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ChatIdentityMetrics } from '../src/metrics/chat-identity-metrics.js';
import { HexHmacSigner } from '../src/vendors/hex-hmac-signer.js';
import { Rs256TokenSigner } from '../src/vendors/rs256-token-signer.js';
import { TokenSigner } from '../src/vendors/token-signer.js';
import { VENDOR_STRATEGY_CLASSES, type VendorStrategyClass } from '../src/vendors/vendor-catalog.js';
import { CredentialKind, type VendorDefinition } from '../src/vendors/vendor-definition.js';
import type { IdentityClaims, IssueRequest, SigningKey, VendorStrategy } from '../src/vendors/vendor-strategy.js';
import { VENDOR_SETTINGS } from './lib/fixtures.js';

/** One vendor's result: median µs per operation over the rounds. */
export interface VendorSigningResult {
  vendor: string;
  credential: CredentialKind;
  /** Whether this configuration signs anything here (Gladly's standard mode does not). */
  signs: boolean;
  issueMicros: number;
  /** The signer alone, on the exact claims issue() signed. */
  signMicros?: number;
}

/** Two ways of doing one job, measured back to back. */
export interface SignerComparison {
  job: string;
  current: { name: string; micros: number };
  alternative: { name: string; micros: number };
}

export interface InProcessResults {
  vendors: VendorSigningResult[];
  comparisons: SignerComparison[];
  /** µs to record one token request's metrics, as the hot path does (tokenIssued + requestCompleted). */
  metricsMicros: number;
}

const ROUNDS = 5;
/** Operations per round: an RSA signature costs about a millisecond, an HMAC a few microseconds. */
const opsPerRound = (credential: CredentialKind): number => (credential === CredentialKind.Rs256Jwt ? 200 : 10_000);

const jwtService = new JwtService();
const tokenSigner = new TokenSigner();
const rs256Signer = new Rs256TokenSigner(jwtService);
const secretKey: SigningKey = { version: 1, fingerprint: 'bench', key: createSecretKey(randomBytes(32)), keyId: 'app_bench0123456789' };
const rsaKey: SigningKey = { version: 1, fingerprint: 'bench', key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, keyId: 'bench-kid' };
const signingKeyFor = (definition: VendorDefinition): SigningKey => (definition.credential === CredentialKind.Rs256Jwt ? rsaKey : secretKey);

/** Builds a strategy as Nest would, from its constructor's parameter types: our signers; an empty object for an options token; no optional extras. */
function instantiate(strategyClass: VendorStrategyClass): VendorStrategy {
  const provided = new Map<unknown, unknown>([
    [TokenSigner, tokenSigner],
    [Rs256TokenSigner, rs256Signer],
    [HexHmacSigner, new HexHmacSigner()],
  ]);
  const parameters = [...((Reflect.getMetadata('design:paramtypes', strategyClass) ?? []) as unknown[])];
  // `@Inject(Token)` parameters (typed by an interface) name their token in Nest's own metadata.
  for (const { index, param } of (Reflect.getMetadata('self:paramtypes', strategyClass) ?? []) as { index: number; param: unknown }[]) parameters[index] = param;
  return new strategyClass(...parameters.map((parameter) => (provided.has(parameter) ? provided.get(parameter) : typeof parameter === 'function' && parameter !== Object ? undefined : {})));
}

const claims: IdentityClaims = {
  userId: randomUUID(),
  externalId: 'user-000042',
  email: 'bench-user-42@example.com',
  emailVerified: true,
  name: 'Bench User 42',
  attributes: { plan: 'gold' },
  issuedAt: Math.floor(Date.now() / 1000),
};

/** Median µs/op of `ROUNDS` timed rounds of `ops`, after one untimed round to warm the JIT. */
async function measure(operation: () => unknown, ops = 10_000): Promise<number> {
  const perOp: number[] = [];
  for (let round = 0; round <= ROUNDS; round += 1) {
    const started = performance.now();
    for (let i = 0; i < ops; i += 1) await operation();
    if (round > 0) perOp.push(((performance.now() - started) * 1000) / ops);
  }
  perOp.sort((a, b) => a - b);
  return perOp[Math.floor(perOp.length / 2)];
}

/** The JWT inside a hand-off, where the vendor's definition says it is. */
function tokenIn(definition: VendorDefinition, handoff: Record<string, unknown>): string | undefined {
  const { path, prefix = '' } = definition.credentialIn;
  const found = path.reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined), handoff);
  return typeof found === 'string' && found.startsWith(`${prefix}eyJ`) ? found.slice(prefix.length) : undefined;
}

const payloadOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

const vendors: VendorSigningResult[] = [];
const payloads = new Map<CredentialKind, Record<string, unknown>>();
for (const strategyClass of VENDOR_STRATEGY_CLASSES) {
  const strategy = instantiate(strategyClass);
  const { definition } = strategy;
  const settings = strategy.parseSettings(VENDOR_SETTINGS[definition.id] ?? { ...definition.exampleSettings });
  const signs = strategy.requiresSecret?.(settings) ?? true;
  // A token the vendor's API mints is a network call, not signing work: nothing to time in-process.
  if (definition.credential === CredentialKind.VendorMinted && signs) continue;
  const request: IssueRequest<object> = {
    integration: { id: randomUUID(), slug: `${definition.id}-bench`, vendor: definition.id, settings },
    claims,
    signingKey: signs ? signingKeyFor(definition) : undefined,
  };
  const ops = opsPerRound(definition.credential);
  const issueMicros = await measure(() => strategy.issue(request), ops);
  let signMicros: number | undefined;
  const token = signs ? tokenIn(definition, (await strategy.issue(request)).handoff) : undefined;
  if (token !== undefined) {
    // The exact claims this vendor signs, taken from a token it issued, signed again on their own.
    const payload = payloadOf(token);
    const rs256 = definition.credential === CredentialKind.Rs256Jwt;
    payloads.set(definition.credential, payload);
    signMicros = await measure(() => (rs256 ? rs256Signer.sign(payload, rsaKey) : tokenSigner.sign(payload, secretKey)), ops);
  }
  vendors.push({ vendor: definition.id, credential: definition.credential, signs, issueMicros, signMicros });
}

/** RS256 without a library: the compact JWS over Node's RSA signature, what JwtService's overhead is measured against. */
function rs256ByHand(payload: Record<string, unknown>): string {
  const input = `${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: rsaKey.keyId })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${rsaSign('sha256', Buffer.from(input), rsaKey.key).toString('base64url')}`;
}

const hs256Payload = payloads.get(CredentialKind.Hs256Jwt) ?? { sub: claims.userId, iat: claims.issuedAt, exp: claims.issuedAt + 600 };
const rs256Payload = payloads.get(CredentialKind.Rs256Jwt) ?? { sub: claims.userId, iat: claims.issuedAt, exp: claims.issuedAt + 3600 };
// The identity provider's bearer token, verified the way BearerTokenVerifier did before (jsonwebtoken) and does now (JwtService).
const idpKey = createSecretKey(randomBytes(32));
const idpOptions = { algorithms: ['HS256' as const], issuer: 'https://idp.example', clockTolerance: 30 };
const bearerToken = jsonwebtoken.sign({ sub: 'user-42', email: 'ada@example.com', iss: 'https://idp.example' }, idpKey, { algorithm: 'HS256', expiresIn: 3600 });
const idpJwt = new JwtService({ secretOrKeyProvider: () => idpKey, verifyOptions: idpOptions });

const comparisons: SignerComparison[] = [
  {
    job: 'HS256 vendor token (with kid)',
    current: { name: 'TokenSigner.sign', micros: await measure(() => tokenSigner.sign(hs256Payload, secretKey)) },
    alternative: {
      name: 'JwtService.sign',
      micros: await measure(() => jwtService.sign(hs256Payload, { privateKey: secretKey.key, algorithm: 'HS256', keyid: secretKey.keyId })),
    },
  },
  {
    job: 'RS256 vendor token (Salesforce)',
    current: { name: 'JwtService.sign (Rs256TokenSigner)', micros: await measure(() => rs256Signer.sign(rs256Payload, rsaKey), 400) },
    alternative: { name: 'node:crypto sign, by hand', micros: await measure(() => rs256ByHand(rs256Payload), 400) },
  },
  {
    job: "IdP bearer check (HS256, uncached)",
    current: { name: 'JwtService.verify', micros: await measure(() => idpJwt.verify(bearerToken)) },
    alternative: { name: 'jsonwebtoken.verify', micros: await measure(() => jsonwebtoken.verify(bearerToken, idpKey, idpOptions)) },
  },
];

const metrics = new ChatIdentityMetrics();
const vendorIds = vendors.map((result) => result.vendor);
let next = 0;
const metricsMicros = await measure(() => {
  const vendor = vendorIds[next++ % vendorIds.length];
  metrics.tokenIssued(`${vendor}-bench`, vendor);
  metrics.requestCompleted('POST', '/v1/identity/:integration', 200, 0.0021);
});

process.send?.({ vendors, comparisons, metricsMicros } satisfies InProcessResults);
