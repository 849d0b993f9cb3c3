import { ChatIdentityException } from '../common/chat-identity.error.js';

export enum VendorsExceptionCode {
  /** The request breaks a documented rule of the vendor (Glassix claims over 500 characters, Decimal without an email, ...). */
  RuleViolated = 'vendor_rule_violated',
  /** The vendor refused our stored credentials (e.g. a revoked Gladly API token). */
  RejectedCredentials = 'vendor_rejected_credentials',
  /** The vendor's API is down, slow or rate limiting us. */
  Unavailable = 'vendor_unavailable',
  /** The integration has no active credential for the vendor's API (Gladly's API token, HubSpot's private app token). */
  CredentialMissing = 'vendor_credential_missing',
}

const STATUS: Record<VendorsExceptionCode, number> = {
  [VendorsExceptionCode.RuleViolated]: 422,
  [VendorsExceptionCode.RejectedCredentials]: 502,
  [VendorsExceptionCode.Unavailable]: 503,
  [VendorsExceptionCode.CredentialMissing]: 503,
};

/** What went wrong on the vendor's side of a token. */
export class VendorsException extends ChatIdentityException<VendorsExceptionCode> {
  get status(): number {
    return STATUS[this.code];
  }
}

/** The exception, with what only the log may show. */
export function withLoggedDetail(exception: VendorsException, detail: string): VendorsException {
  exception.loggedDetail = detail;
  return exception;
}

export const vendorRuleViolated = (message: string): VendorsException => new VendorsException(VendorsExceptionCode.RuleViolated, message);

/** Answered like a missing signing key: an admin has to add or activate one, so retry in a minute. */
export const vendorCredentialMissing = (message: string): VendorsException =>
  new VendorsException(VendorsExceptionCode.CredentialMissing, message, { retryAfterSeconds: 60 });
