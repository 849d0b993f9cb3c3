// Test-only: Intercom's check of a Messenger JWT, written from its documentation (never from our code).
import { FakeHs256Vendor } from '../../../test/support/fake-jwt-vendors.js';

/** Intercom: user_id is required (tokens without it are rejected); exp honoured. */
export const fakeIntercom = (): FakeHs256Vendor =>
  new FakeHs256Vendor((_header, claims) => (typeof claims.user_id === 'string' && claims.user_id !== '' ? undefined : 'no user_id'));
