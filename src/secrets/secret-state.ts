/** Where a secret version is in its life: staged, signing, kept for verification, or out of use. */
export enum SecretState {
  Pending = 'pending',
  Active = 'active',
  Retired = 'retired',
  Revoked = 'revoked',
}
