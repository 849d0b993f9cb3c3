import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { AuditEvent } from '../audit.service.js';

@ApiSchema({ name: 'AuditEvent', description: 'One admin change, as recorded in the same transaction as the change.' })
export class AuditEventResponse implements AuditEvent {
  @ApiProperty({ example: '1042', description: 'Pass the last one as `after` for the next page.' })
  id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  occurredAt!: Date;

  @ApiProperty({ example: 'alice', description: 'The named admin key, the host user, or `admin-key:` and a short hash of a bare key.' })
  actor!: string;

  @ApiProperty({ type: String, nullable: true, enum: ['viewer', 'operator', 'owner'], example: 'operator', description: 'The role the actor acted with; null for changes the host application made itself.' })
  actorRole!: string | null;

  @ApiProperty({ example: 'secret.rotated' })
  action!: string;

  @ApiProperty({ example: 'integration:glassix-support' })
  target!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { version: 3, fingerprint: 'sha256:3f9a1c2b7d4e6f80' } })
  details!: AuditEvent['details'];

  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;
}
