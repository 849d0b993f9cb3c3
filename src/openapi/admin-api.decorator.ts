import { applyDecorators } from '@nestjs/common';
import { ApiProblems } from './api-responses.decorator.js';
import { ApiAdminSecurity } from './security-schemes.js';

/** What every admin operation shares in the contract: the admin scheme, and what the guard and the database may answer. */
export const ApiAdminOperations = (): ClassDecorator =>
  applyDecorators(
    ApiAdminSecurity(),
    ApiProblems([401, 403, 429, 503], {
      401: 'No admin credential, or a wrong one.',
      403: 'Signed in (a host app), but not an admin.',
      429: 'Too many failed admin sign-ins from this address: every admin route refuses it for a while.',
      503: 'The database is unavailable.',
    }),
  );
