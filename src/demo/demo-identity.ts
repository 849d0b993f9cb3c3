import { randomBytes } from 'node:crypto';
import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { unauthenticated } from '../common/chat-identity.error.js';
import type { Subject, SubjectRequest, SubjectResolver } from '../identity/subject/subject-resolver.js';

/** The two sample users of the demo: what an identity provider would say about them. */
export const DEMO_USERS: Readonly<Record<string, { name: string; email: string }>> = {
  ada: { name: 'Ada Lovelace', email: 'ada@example.com' },
  grace: { name: 'Grace Hopper', email: 'grace@example.com' },
};

/** The `iss` and `aud` of demo tokens: what tells them apart from the identity provider's. */
const DEMO_ISSUER = 'chat-identity-demo';
const DEMO_SUBJECT_PREFIX = 'demo-';

/**
 * The demo's own identity provider. Its secret is made at start and never stored or shown, and the
 * tokens it signs name only the sample users: the demo never signs with the real identity
 * provider's secret, so serving it does not let anyone mint a production user's token.
 */
export class DemoIdentityProvider {
  private readonly secret = randomBytes(32);

  /** An access token for a sample user (a key of DEMO_USERS), valid for an hour. */
  sign(user: string): Promise<string> {
    const profile = DEMO_USERS[user];
    return new SignJWT({ email: profile.email, name: profile.name })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(`${DEMO_SUBJECT_PREFIX}${user}`)
      .setIssuer(DEMO_ISSUER)
      .setAudience(DEMO_ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(this.secret);
  }

  /** Whether the token says the demo issued it (unverified: `subjectOf` decides whether it really did). */
  claimsToBeDemo(token: string): boolean {
    try {
      return decodeJwt(token).iss === DEMO_ISSUER;
    } catch {
      return false;
    }
  }

  /** The sample user of a token this provider signed; anything else is refused (401). */
  async subjectOf(token: string): Promise<Subject> {
    const verified = await jwtVerify(token, this.secret, { algorithms: ['HS256'], issuer: DEMO_ISSUER, audience: DEMO_ISSUER }).catch(() => undefined);
    const sub = verified?.payload.sub ?? '';
    const user = sub.startsWith(DEMO_SUBJECT_PREFIX) ? sub.slice(DEMO_SUBJECT_PREFIX.length) : '';
    if (!Object.prototype.hasOwnProperty.call(DEMO_USERS, user)) throw unauthenticated('The demo token is not valid.');
    return { externalId: sub, ...DEMO_USERS[user], attributes: {} };
  }
}

/** Demo tokens go to the demo's provider; every other request to the service's own resolver. */
export class DemoSubjectResolver implements SubjectResolver {
  constructor(
    private readonly demo: DemoIdentityProvider,
    private readonly service: SubjectResolver,
  ) {}

  resolve(request: SubjectRequest): Promise<Subject | null> | Subject | null {
    const authorization = request.headers.authorization;
    const token = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
    if (token !== undefined && request.headers['x-service-key'] === undefined && this.demo.claimsToBeDemo(token)) return this.demo.subjectOf(token);
    return this.service.resolve(request);
  }
}
