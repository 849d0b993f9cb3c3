import { ChatIdentityException } from '../common/chat-identity.error.js';

export enum VendorsExceptionCode {
  /** The request breaks a documented rule of the vendor (Glassix claims over 500 characters, Decimal without an email, ...). */
  RuleViolated = 'vendor_rule_violated',
  /** The vendor refused our stored credentials (e.g. a revoked Gladly API token). */
  RejectedCredentials = 'vendor_rejected_credentials',
  /** The vendor's API is down, slow or rate limiting us. */
  Unavailable = 'vendor_unavailable',
}

/** What went wrong on the vendor's side of a token; problem-details.filter.ts says what each code answers. */
export class VendorsException extends ChatIdentityException<VendorsExceptionCode> {
  /** Logged with the request id, never answered: the vendor's own words, an address refused. */
  loggedDetail?: string;
}

/** The exception, with what only the log may show. */
export function withLoggedDetail(exception: VendorsException, detail: string): VendorsException {
  exception.loggedDetail = detail;
  return exception;
}

export const vendorRuleViolated = (message: string): VendorsException => new VendorsException(VendorsExceptionCode.RuleViolated, message);

export const vendorUnavailable = (message: string, retryAfterSeconds?: number): VendorsException =>
  new VendorsException(VendorsExceptionCode.Unavailable, message, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });

export const vendorRejectedCredentials = (message: string): VendorsException =>
  new VendorsException(VendorsExceptionCode.RejectedCredentials, message);
