/**
 * What went wrong in any part of the module. Feature-specific failures have their own exceptions
 * (SecretsException, VendorsException, UsersException), each saying the HTTP status of its codes.
 */
export enum ChatIdentityErrorCode {
  ValidationFailed = 'validation_failed',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  PayloadTooLarge = 'payload_too_large',
  MalformedToken = 'malformed_token',
  UnsupportedMediaType = 'unsupported_media_type',
  RateLimited = 'rate_limited',
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
  /** Extra members of the problem body (RFC 9457 extensions), e.g. a machine-readable `code`. */
  extensions?: Record<string, string>;
}

/**
 * Every domain error of the module: its message is safe to show to the caller (it never carries a secret),
 * its `code` is the problem body's machine-readable `code`, and its class says the HTTP status of each code.
 */
export abstract class ChatIdentityException<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: ChatIdentityErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Logged with the request id, never answered: e.g. a vendor's own words, an address refused. */
  loggedDetail?: string;

  /** The HTTP status this failure answers with. */
  abstract get status(): number;
}

const STATUS: Record<ChatIdentityErrorCode, number> = {
  [ChatIdentityErrorCode.ValidationFailed]: 400,
  [ChatIdentityErrorCode.Unauthenticated]: 401,
  [ChatIdentityErrorCode.Forbidden]: 403,
  [ChatIdentityErrorCode.NotFound]: 404,
  [ChatIdentityErrorCode.Conflict]: 409,
  [ChatIdentityErrorCode.PayloadTooLarge]: 413,
  [ChatIdentityErrorCode.MalformedToken]: 422,
  [ChatIdentityErrorCode.UnsupportedMediaType]: 415,
  [ChatIdentityErrorCode.RateLimited]: 429,
  [ChatIdentityErrorCode.IdentityProviderUnavailable]: 503,
  [ChatIdentityErrorCode.DatabaseUnavailable]: 503,
};

/** A failure any part of the module can have: invalid input, no credentials, not found, ... */
export class ChatIdentityError extends ChatIdentityException<ChatIdentityErrorCode> {
  get status(): number {
    return STATUS[this.code];
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

export const unsupportedMediaType = (message: string): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.UnsupportedMediaType, message);

export const payloadTooLarge = (message: string): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.PayloadTooLarge, message);

/** Input that is well-formed JSON but cannot be read as a token (not a JWT, bad base64url, ...). */
export const malformedToken = (message: string, errors: FieldProblem[] = []): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.MalformedToken, message, { errors });
