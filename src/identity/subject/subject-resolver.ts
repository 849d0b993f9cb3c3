/** The authenticated end user asking for a widget identity. */
export interface Subject {
  /** The host app's user key (the `sub` of its access token). */
  externalId: string;
  email?: string;
  /** True only when the identity provider or the trusted server says it verified `email`. */
  emailVerified?: boolean;
  name?: string;
  /** E.164, e.g. +14155550123. */
  phone?: string;
  attributes?: Record<string, unknown>;
}

/**
 * The parts of an HTTP request a resolver may read; the same on Express and Fastify. `User` is the
 * type of whatever the host's own authentication attached.
 */
export interface SubjectRequest<User = unknown> {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  /** Whatever the host's own authentication attached (Passport's `req.user`, say). */
  user?: User;
  ip?: string;
}

/**
 * Decides who is calling the end-user API. Return `null` for "not authenticated" (401); throw a
 * ChatIdentityError for a more specific answer. Never trust an identity the end user put in the body.
 */
export interface SubjectResolver<User = unknown> {
  resolve(request: SubjectRequest<User>): Subject | null | Promise<Subject | null>;
}
