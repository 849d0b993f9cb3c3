// Test-only: Zendesk messaging's check of a login JWT, written from its documentation (never from our code).
import { FakeHs256Vendor } from '../../../test/support/fake-jwt-vendors.js';

/** Zendesk messaging: the key chosen by kid; scope "user"; external_id a string of at most 255; email_verified a boolean. */
export const fakeZendesk = (): FakeHs256Vendor =>
  new FakeHs256Vendor((_header, claims) => {
    if (claims.scope !== 'user') return 'scope';
    if (typeof claims.external_id !== 'string' || claims.external_id === '' || claims.external_id.length > 255) return 'external_id';
    if (claims.email_verified !== undefined && typeof claims.email_verified !== 'boolean') return 'email_verified';
    return undefined;
  }, true);
