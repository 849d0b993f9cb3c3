// Per-vendor cost of issuing one identity, in-process (no HTTP): each strategy's issue() with the
// cached KeyObject, as the hot path calls it, and TokenSigner.sign() alone; and what recording one
// token request's metrics costs (the issued counter and the latency histogram). Run as a child of bench/run.
import 'reflect-metadata';
import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ChatIdentityModuleOptions } from '../src/chat-identity.options.js';
import { ChatIdentityMetrics } from '../src/metrics/chat-identity-metrics.js';
import { DecimalStrategy } from '../src/vendors/decimal/decimal.strategy.js';
import { GladlyStrategy } from '../src/vendors/gladly/gladly.strategy.js';
import { GlassixStrategy } from '../src/vendors/glassix/glassix.strategy.js';
import { TiledeskStrategy } from '../src/vendors/tiledesk/tiledesk.strategy.js';
import { TokenSigner } from '../src/vendors/token-signer.js';
import type { IdentityClaims, IssueRequest, SigningKey, VendorStrategy } from '../src/vendors/vendor-strategy.js';
import { VENDOR_SETTINGS } from './lib/fixtures.js';

/** One vendor's result: median µs per operation over the rounds. */
export interface SigningResult {
  vendor: string;
  /** Whether the vendor's token is an HS256 JWT we sign (Gladly's standard mode signs nothing). */
  signs: boolean;
  issueMicros: number;
  signMicros?: number;
}

export interface InProcessResults {
  signing: SigningResult[];
  /** µs to record one token request's metrics, as the hot path does (tokenIssued + requestCompleted). */
  metricsMicros: number;
}

const ROUNDS = 7;
const OPS_PER_ROUND = 20_000;

const signer = new TokenSigner();
const signingKey: SigningKey = { version: 1, fingerprint: 'bench', key: createSecretKey(randomBytes(32)) };
const strategies: VendorStrategy[] = [
  new GlassixStrategy(signer),
  new GladlyStrategy({ masterKeys: [] } satisfies ChatIdentityModuleOptions),
  new DecimalStrategy(signer),
  new TiledeskStrategy(signer),
] as VendorStrategy[];

const claims: IdentityClaims = {
  userId: randomUUID(),
  externalId: 'user-000042',
  email: 'user-000042@example.com',
  name: 'Bench User 42',
  attributes: { plan: 'gold' },
  issuedAt: Math.floor(Date.now() / 1000),
};

/** Median µs/op of `ROUNDS` timed rounds, after one untimed round to warm the JIT. */
async function measure(operation: () => unknown): Promise<number> {
  const perOp: number[] = [];
  for (let round = 0; round <= ROUNDS; round += 1) {
    const started = performance.now();
    for (let i = 0; i < OPS_PER_ROUND; i += 1) await operation();
    if (round > 0) perOp.push(((performance.now() - started) * 1000) / OPS_PER_ROUND);
  }
  perOp.sort((a, b) => a - b);
  return perOp[Math.floor(perOp.length / 2)];
}

const results: SigningResult[] = [];
for (const strategy of strategies) {
  const settings = strategy.parseSettings(VENDOR_SETTINGS[strategy.definition.id]);
  const signs = strategy.requiresSecret?.(settings) ?? true;
  const request: IssueRequest<object> = {
    integration: { id: randomUUID(), slug: `${strategy.definition.id}-bench`, vendor: strategy.definition.id, settings },
    claims,
    signingKey: signs ? signingKey : undefined,
  };
  const issueMicros = await measure(() => strategy.issue(request));
  let signMicros: number | undefined;
  if (signs) {
    // The exact claims this vendor signs, taken from a token it issued, signed again on their own.
    const issued = JSON.stringify((await strategy.issue(request)).handoff);
    const token = /eyJ[\w-]+\.[\w-]+\.[\w-]+/.exec(issued)?.[0] ?? '';
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    signMicros = await measure(() => signer.sign(payload, signingKey));
  }
  results.push({ vendor: strategy.definition.id, signs, issueMicros, signMicros });
}
const metrics = new ChatIdentityMetrics();
const slugs = strategies.map((strategy) => strategy.definition.id);
let next = 0;
const metricsMicros = await measure(() => {
  const vendor = slugs[next++ % slugs.length];
  metrics.tokenIssued(`${vendor}-bench`, vendor);
  metrics.requestCompleted('POST', '/v1/identity/:integration', 200, 0.0021);
});
process.send?.({ signing: results, metricsMicros } satisfies InProcessResults);
