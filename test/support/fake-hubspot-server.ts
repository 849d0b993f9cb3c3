import { randomBytes } from 'node:crypto';
import { FAKE_EMAIL, type FakeVendorServer, jsonObjectBody, startFakeVendorServer } from './fake-vendor-server.js';

export interface FakeHubSpotOptions {
  /** The private app access tokens it accepts (a rotation at HubSpot keeps the old one for a while). @default ['pat-na1-fake-private-app-token'] */
  privateAppTokens?: string[];
  /** False = a Starter/Free account: the Visitor Identification API answers 403 to everything. @default true */
  qualifyingSubscription?: boolean;
}

/** Forces the next answers; `times` = how many requests it applies to (default: until changed). */
export type FakeHubSpotBehaviour = (
  | { respond: 'rate-limited'; retryAfterSeconds?: number }
  | { respond: 'server-error'; status?: number }
  | { respond: 'slow'; delayMs: number }
) & { times?: number };

export interface FakeHubSpot extends FakeVendorServer<FakeHubSpotBehaviour> {
  /** The first accepted token. */
  privateAppToken: string;
  /** Add or delete to accept or refuse (401) a token from now on. */
  acceptedTokens: Set<string>;
  /** Switches the account's subscription (a downgrade makes every call a 403). */
  setQualifyingSubscription(qualifying: boolean): void;
}

const TOKENS_PATH = '/visitor-identification/v3/tokens/create';

const hubSpotError = (message: string, category: string): Record<string, string> => ({
  status: 'error',
  message,
  correlationId: randomBytes(8).toString('hex'),
  category,
});

/**
 * A local stand-in for HubSpot's Visitor Identification API as documented: `POST
 * /visitor-identification/v3/tokens/create`, `Authorization: Bearer <private app token>`, JSON
 * `{ email, firstName?, lastName? }` -> `{ token }`, a new token on every call; 403 for accounts
 * without a Professional or Enterprise subscription; HubSpot's error body on failures.
 */
export async function startFakeHubSpot(options: FakeHubSpotOptions = {}): Promise<FakeHubSpot> {
  const acceptedTokens = new Set(options.privateAppTokens ?? ['pat-na1-fake-private-app-token']);
  let qualifyingSubscription = options.qualifyingSubscription ?? true;

  const server = await startFakeVendorServer<FakeHubSpotBehaviour>(async ({ request, forced, send, delay }) => {
    if (request.method !== 'POST' || request.path !== TOKENS_PATH) return send(404, hubSpotError('Not found', 'OBJECT_NOT_FOUND'));
    switch (forced.respond) {
      case 'rate-limited': {
        const headers: Record<string, string> = forced.retryAfterSeconds === undefined ? {} : { 'retry-after': String(forced.retryAfterSeconds) };
        return send(429, { ...hubSpotError('You have reached your ten_secondly_rolling limit.', 'RATE_LIMITS'), policyName: 'TEN_SECONDLY_ROLLING' }, headers);
      }
      case 'server-error':
        return send(forced.status ?? 500, hubSpotError('internal error', 'INTERNAL_ERROR'));
      case 'slow':
        await delay(forced.delayMs);
        break;
      case 'normal':
        break;
    }
    const bearer = /^Bearer (.+)$/.exec(request.authorization ?? '')?.[1];
    if (bearer === undefined || !acceptedTokens.has(bearer)) {
      return send(401, hubSpotError('Authentication credentials not found.', 'INVALID_AUTHENTICATION'));
    }
    if (!qualifyingSubscription) {
      return send(403, hubSpotError('This API requires a Professional or Enterprise subscription.', 'MISSING_SCOPES'));
    }
    const body = jsonObjectBody(request);
    if (!body) return send(400, hubSpotError('Invalid input JSON: expected an object.', 'VALIDATION_ERROR'));
    if (typeof body.email !== 'string' || !FAKE_EMAIL.test(body.email)) {
      return send(400, hubSpotError('email must be a valid email address.', 'VALIDATION_ERROR'));
    }
    for (const name of ['firstName', 'lastName'] as const) {
      if (body[name] !== undefined && typeof body[name] !== 'string') return send(400, hubSpotError(`${name} must be a string.`, 'VALIDATION_ERROR'));
    }
    request.token = randomBytes(32).toString('base64url');
    send(200, { token: request.token });
  });

  return {
    ...server,
    privateAppToken: [...acceptedTokens][0],
    acceptedTokens,
    setQualifyingSubscription: (qualifying) => {
      qualifyingSubscription = qualifying;
    },
  };
}
