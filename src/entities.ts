import { AuditEventEntity } from './audit/entities/audit-event.entity.js';
import { IntegrationEntity } from './integrations/entities/integration.entity.js';
import { IntegrationSecretEntity } from './secrets/entities/integration-secret.entity.js';
import { EndUserEntity } from './users/entities/end-user.entity.js';

/** Every entity of the module; hosts add this array to their own DataSource's `entities`. */
export const chatIdentityEntities = [EndUserEntity, IntegrationEntity, IntegrationSecretEntity, AuditEventEntity];
