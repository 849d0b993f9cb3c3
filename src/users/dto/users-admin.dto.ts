import { ApiProperty } from '@nestjs/swagger';
import type { ImportReport, StableUser } from '../user-profile.js';

const EXAMPLE_UUID = 'db79e775-81fd-4f2e-8741-9266e920cc32';

/** A user as support sees it: the stable UUID vendors know them by, and what we stored about them. */
export class AdminUserView {
  @ApiProperty({ example: 'customer-42', description: "The host application's own key for this user." })
  externalId!: string;

  @ApiProperty({ example: EXAMPLE_UUID, description: 'The stable, lower-case UUID every vendor knows this user by.' })
  userId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'ada@example.com' })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Ada Lovelace' })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+14155550123', description: 'E.164, when known.' })
  phone!: string | null;

  @ApiProperty({ example: '2026-05-02T09:12:44.120Z', description: 'When the UUID was assigned (first token request or import).' })
  createdAt!: string;

  @ApiProperty({ example: '2026-05-20T16:03:10.508Z', description: 'Last change of email, name or phone.' })
  updatedAt!: string;
}

/** The answer to an erasure: enough to ask each vendor to delete that UUID's history, nothing more. */
export class ErasedUserView {
  @ApiProperty({ example: 'customer-42' })
  externalId!: string;

  @ApiProperty({ example: EXAMPLE_UUID, description: 'The UUID that was erased; the next token request for this user gets a new one.' })
  userId!: string;

  @ApiProperty({ example: '2026-05-21T10:00:00.000Z' })
  erasedAt!: string;
}

export class ImportReportView {
  @ApiProperty({ example: 99_998, description: 'Pairs stored now.' })
  inserted!: number;

  @ApiProperty({ example: 2, description: 'Pairs already stored identically (counted, not rewritten).' })
  alreadyPresent!: number;

  @ApiProperty({
    type: [String],
    example: [],
    description: 'Always empty in a 200: a contradicting pair rejects the whole batch with a 409 that names it in errors[].',
  })
  conflicts!: string[];
}

export const IMPORT_JSON_EXAMPLE = [
  { externalId: 'customer-42', uuid: EXAMPLE_UUID },
  { externalId: 'customer-43', uuid: '5c0d2f36-9d5f-4d43-a7b9-3c5f58ad5a1e' },
];

export const IMPORT_CSV_EXAMPLE = `externalId,uuid\ncustomer-42,${EXAMPLE_UUID}\n"customer, with comma",5c0d2f36-9d5f-4d43-a7b9-3c5f58ad5a1e\n`;

export function toAdminUserView(user: StableUser): AdminUserView {
  return {
    externalId: user.externalId,
    userId: user.userId,
    email: user.email,
    name: user.name,
    phone: user.phone,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export function toImportReportView(report: ImportReport): ImportReportView {
  return { inserted: report.inserted, alreadyPresent: report.alreadyPresent, conflicts: [] };
}
