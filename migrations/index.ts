import { InitialSchema1763762400000 } from './1763762400000-InitialSchema.js';

/** Every migration in order; hosts add this array to their own DataSource's `migrations`. */
export const chatIdentityMigrations = [InitialSchema1763762400000];
