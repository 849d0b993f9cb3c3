// Test-only: Kustomer's check of a chat login JWT, written from its documentation (never from our code).
import { FakeHs256Vendor } from '../../../test/support/fake-jwt-vendors.js';

/** Kustomer: externalId or email; iat present and less than 15 minutes old. */
export const fakeKustomer = (): FakeHs256Vendor =>
  new FakeHs256Vendor((_header, claims, nowSeconds) => {
    if (typeof claims.externalId !== 'string' && typeof claims.email !== 'string') return 'no identity';
    if (typeof claims.iat !== 'number') return 'no iat';
    if (claims.iat > nowSeconds + 60 || nowSeconds - claims.iat >= 15 * 60) return 'iat too old';
    return undefined;
  });
