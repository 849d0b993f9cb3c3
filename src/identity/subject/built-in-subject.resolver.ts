import { plainToInstance } from 'class-transformer';
import type { BearerAuthOptions } from '../../chat-identity.options.js';
import { whenDone } from '../../common/awaitable.js';
import { unauthenticated, validationFailed } from '../../common/chat-identity.error.js';
import { matchesOneOf } from '../../common/constant-time.js';
import { hasControlCharacter } from '../../common/request-input.js';
import { strictValidationProblems } from '../../common/validation.js';
import { BearerTokenVerifier, type VerifiedClaims } from './bearer-token.verifier.js';
import type { Subject, SubjectRequest, SubjectResolver } from './subject-resolver.js';
import { E164_PHONE } from '../../common/validation.js';
import { SubjectDto } from './subject.dto.js';

export interface BuiltInSubjectResolverOptions {
  bearerAuth?: BearerAuthOptions;
  trustedServiceKeys?: string[];
}

/**
 * The standalone service's resolver. A trusted server (`X-Service-Key`) may name the subject in the
 * body; anyone else must present a bearer token from the company's identity provider, and the
 * subject comes from its verified claims only.
 */
export class BuiltInSubjectResolver implements SubjectResolver {
  private readonly verifier: BearerTokenVerifier;
  private readonly trustedKeys: string[];
  private readonly attributeClaims: string[];
  /** Subjects by verified-claims object: the verifier hands back the same frozen claims for a token it has seen. */
  private readonly subjects = new WeakMap<VerifiedClaims, Subject>();

  constructor(options: BuiltInSubjectResolverOptions) {
    this.verifier = new BearerTokenVerifier(options.bearerAuth ?? {});
    this.trustedKeys = options.trustedServiceKeys ?? [];
    this.attributeClaims = options.bearerAuth?.attributeClaims ?? [];
  }

  /** At once (no promise) for a trusted server or a bearer token verified before: a returning user's page load waits on nothing here. */
  resolve(request: SubjectRequest): Subject | null | Promise<Subject | null> {
    const serviceKey = request.headers['x-service-key'];
    if (serviceKey !== undefined) return this.fromTrustedServer(serviceKey, request.body);
    const authorization = request.headers.authorization;
    if (typeof authorization !== 'string' || !/^Bearer\s+\S/i.test(authorization)) return null;
    if (!this.verifier.configured) return null;
    return whenDone(this.verifier.verify(authorization.replace(/^Bearer\s+/i, '').trim()), (claims) => this.subjectOf(claims));
  }

  private subjectOf(claims: VerifiedClaims): Subject {
    let subject = this.subjects.get(claims);
    if (subject === undefined) {
      // Frozen, as it now serves every request that presents the same token.
      subject = this.fromClaims(claims);
      Object.freeze(subject.attributes);
      this.subjects.set(claims, Object.freeze(subject));
    }
    return subject;
  }

  private fromTrustedServer(serviceKey: string | string[], body: unknown): Subject {
    if (typeof serviceKey !== 'string' || this.trustedKeys.length === 0 || !matchesOneOf(serviceKey, this.trustedKeys)) {
      throw unauthenticated('The service key is not accepted.');
    }
    const raw = (body as { subject?: unknown } | undefined)?.subject;
    if (typeof raw !== 'object' || raw === null) {
      throw validationFailed('A trusted server must name the subject.', [{ field: 'subject', message: 'subject is required' }]);
    }
    const subject = plainToInstance(SubjectDto, raw);
    const problems = strictValidationProblems(subject, 'subject');
    if (problems.length > 0) throw validationFailed('The subject is invalid.', problems);
    return { ...subject };
  }

  private fromClaims(claims: VerifiedClaims): Subject {
    const externalId = claims.sub;
    if (typeof externalId !== 'string' || externalId.length === 0 || externalId.length > 255 || hasControlCharacter(externalId)) {
      throw unauthenticated('The bearer token has no usable sub claim.');
    }
    const attributes = Object.fromEntries(
      this.attributeClaims.filter((claim) => claims[claim] !== undefined).map((claim) => [claim, claims[claim]]),
    );
    const email = stringClaim(claims.email);
    return {
      externalId,
      email,
      // OpenID Connect's claim: only an explicit true from the provider, about the email it sent.
      emailVerified: email !== undefined && claims.email_verified === true ? true : undefined,
      name: stringClaim(claims.name),
      phone: typeof claims.phone_number === 'string' && E164_PHONE.test(claims.phone_number) ? claims.phone_number : undefined,
      attributes,
    };
  }
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 320 && !hasControlCharacter(value) ? value : undefined;
}
