import { InitialSchema1763762400000 } from './1763762400000-InitialSchema.js';
import { MoveTablesIntoOwnSchema1796150400000 } from './1796150400000-MoveTablesIntoOwnSchema.js';
import { IntegrationIdFromTheService1796150500000 } from './1796150500000-IntegrationIdFromTheService.js';
import { SecretKeyIds1796160000000 } from './1796160000000-SecretKeyIds.js';
import { AuditActorRole1796170000000 } from './1796170000000-AuditActorRole.js';
import { AuditFilterIndexes1796180000000 } from './1796180000000-AuditFilterIndexes.js';

/**
 * Every migration in order. `runMigrationsExclusively` runs them, recorded in the migrations table of
 * chat-identity's own schema: they do not go in a host DataSource's `migrations`.
 */
export const chatIdentityMigrations = [
  InitialSchema1763762400000,
  MoveTablesIntoOwnSchema1796150400000,
  IntegrationIdFromTheService1796150500000,
  SecretKeyIds1796160000000,
  AuditActorRole1796170000000,
  AuditFilterIndexes1796180000000,
];
