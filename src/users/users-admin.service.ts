import { Injectable } from '@nestjs/common';
import { type AuditContext, AuditService } from '../audit/audit.service.js';
import { type AdminUserView, type ErasedUserView, type ImportReportView, toAdminUserView, toImportReportView } from './dto/users-admin.dto.js';
import type { ImportFormat } from './import/import-body.js';
import { UserImportService } from './import/user-import.service.js';
import type { ImportMapping } from './user-profile.js';
import { ANY_CASE_UUID } from '../common/validation.js';
import { invalidUserInput, userIdNotFound, userNotFound } from './users.exception.js';
import { UsersService } from './users.service.js';

/** The support team's view of users: lookup, audited erasure and audited bulk import. */
@Injectable()
export class UsersAdminService {
  constructor(
    private readonly users: UsersService,
    private readonly importer: UserImportService,
    private readonly audit: AuditService,
  ) {}

  async get(externalId: string): Promise<AdminUserView> {
    const user = await this.users.findByExternalId(externalId);
    if (!user) throw userNotFound(externalId);
    return toAdminUserView(user);
  }

  /** By the UUID a vendor shows; either case (UUIDs are stored lower-case). */
  async getById(userId: string): Promise<AdminUserView> {
    if (!ANY_CASE_UUID.test(userId)) {
      const problem = 'userId must be a UUID such as db79e775-81fd-4f2e-8741-9266e920cc32';
      throw invalidUserInput(problem, [{ field: 'userId', message: problem }]);
    }
    const user = await this.users.findByUserId(userId.toLowerCase());
    if (!user) throw userIdNotFound(userId);
    return toAdminUserView(user);
  }

  async erase(externalId: string, context: AuditContext): Promise<ErasedUserView> {
    const erased = await this.users.erase(externalId, context);
    if (!erased) throw userNotFound(externalId);
    return { externalId, userId: erased.userId, erasedAt: new Date().toISOString() };
  }

  async import(rows: ImportMapping[], format: ImportFormat, context: AuditContext): Promise<ImportReportView> {
    const report = await this.importer.importMappings(rows, (manager, counts) =>
      this.audit.record(manager, context, {
        action: 'users.imported',
        target: 'users',
        details: { format, rows: rows.length, inserted: counts.inserted, alreadyPresent: counts.alreadyPresent },
      }),
    );
    return toImportReportView(report);
  }
}
