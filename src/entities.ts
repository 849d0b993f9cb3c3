import { getMetadataArgsStorage } from 'typeorm';
import { AuditEventEntity } from './audit/entities/audit-event.entity.js';
import { DEFAULT_CHAT_IDENTITY_SCHEMA, validSchemaName } from './database/schema-name.js';
import { IntegrationEntity } from './integrations/entities/integration.entity.js';
import { IntegrationSecretEntity } from './secrets/entities/integration-secret.entity.js';
import { EndUserEntity } from './users/entities/end-user.entity.js';

/** Every entity of the module; hosts add this array to their own DataSource's `entities`. */
export const chatIdentityEntities = [EndUserEntity, IntegrationEntity, IntegrationSecretEntity, AuditEventEntity];

/**
 * Whether a DataSource's schema sync (`synchronize: true`, `migration:generate`) covers chat-identity's tables.
 * Off from the start: its tables come from its own migrations (`runMigrationsExclusively`), so a host that
 * synchronizes its own entities neither trips over the missing schema nor builds tables the migrations would
 * then find in their way. The migration CLI turns it on to diff the entities against the database.
 */
export function setChatIdentityTablesSynchronized(synchronized: boolean): void {
  const ours = new Set<unknown>(chatIdentityEntities);
  for (const table of getMetadataArgsStorage().tables) if (ours.has(table.target)) table.synchronize = synchronized;
}
setChatIdentityTablesSynchronized(false);

let configuredSchema: string | undefined;

/**
 * Puts chat-identity's tables (and its migrations table) in `schema` instead of `chat_identity`. Entity
 * classes are shared by the whole process, so it takes one schema per process, set before any DataSource
 * that includes `chatIdentityEntities` initializes: `ChatIdentityModule.forRoot({ schema })` calls it when
 * the module is declared; a host's TypeORM CLI DataSource file calls it itself.
 */
export function setChatIdentitySchema(schema: string): void {
  validSchemaName(schema);
  if (configuredSchema !== undefined && configuredSchema !== schema) {
    throw new Error(`chat-identity's schema is already "${configuredSchema}" in this process; it cannot also be "${schema}".`);
  }
  configuredSchema = schema;
  const ours = new Set<unknown>(chatIdentityEntities);
  for (const table of getMetadataArgsStorage().tables) if (ours.has(table.target)) table.schema = schema;
}

/** The schema chat-identity's tables live in. */
export function chatIdentitySchema(): string {
  return configuredSchema ?? DEFAULT_CHAT_IDENTITY_SCHEMA;
}
