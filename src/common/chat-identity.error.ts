/** What went wrong, independent of the transport; mapped to HTTP once, in problem-details.filter.ts. */
export enum ChatIdentityErrorCode {
  ValidationFailed = 'validation_failed',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  PayloadTooLarge = 'payload_too_large',
  MalformedToken = 'malformed_token',
  UnsupportedMediaType = 'unsupported_media_type',
  VendorRuleViolated = 'vendor_rule_violated',
  RateLimited = 'rate_limited',
  NoActiveSecret = 'no_active_secret',
  VendorRejectedCredentials = 'vendor_rejected_credentials',
  VendorUnavailable = 'vendor_unavailable',
  /** The company's identity provider cannot vouch for the caller right now (its key set is unreachable). */
  IdentityProviderUnavailable = 'identity_provider_unavailable',
  DatabaseUnavailable = 'database_unavailable',
}

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `settings.apiKey` or `rows[3].uuid`. */
  field: string;
  message: string;
}

export interface ChatIdentityErrorDetails {
  errors?: FieldProblem[];
  retryAfterSeconds?: number;
}

/** A domain error whose message is safe to show to the caller: it never carries a secret. */
export class ChatIdentityError extends Error {
  constructor(
    readonly code: ChatIdentityErrorCode,
    message: string,
    readonly details: ChatIdentityErrorDetails = {},
  ) {
    super(message);
    this.name = 'ChatIdentityError';
  }
}

export const validationFailed = (message: string, errors: FieldProblem[] = []): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.ValidationFailed, message, { errors });

export const notFound = (message: string): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.NotFound, message);

export const conflict = (message: string, errors: FieldProblem[] = []): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.Conflict, message, { errors });

export const unauthenticated = (message: string): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.Unauthenticated, message);

export const forbidden = (message: string): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.Forbidden, message);

export const vendorRuleViolated = (message: string): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.VendorRuleViolated, message);

export const unsupportedMediaType = (message: string): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.UnsupportedMediaType, message);

export const payloadTooLarge = (message: string): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.PayloadTooLarge, message);

/** Input that is well-formed JSON but cannot be read as a token (not a JWT, bad base64url, ...). */
export const malformedToken = (message: string, errors: FieldProblem[] = []): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.MalformedToken, message, { errors });
