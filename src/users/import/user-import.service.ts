import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { type BulkQuery, bulkStatements } from '../../common/bulk-statements.js';
import type { FieldProblem } from '../../common/chat-identity.error.js';
import { ANY_CASE_UUID } from '../../common/validation.js';
import { EndUserEntity } from '../entities/end-user.entity.js';
import { externalIdProblem } from '../external-id.js';
import type { ImportMapping, ImportReport } from '../user-profile.js';
import { invalidUserInput, mappingConflict } from '../users.exception.js';

/** Pairs per bulk statement: node-postgres serializes a statement's array parameters in one go (10,000 pairs held the loop for 15-45 ms). */
const IMPORT_CHUNK_SIZE = 2_000;
/** Pairs validated per event-loop turn: a few milliseconds of work, so other requests keep being served during a 16 MiB import. */
const VALIDATION_SLICE = 2_000;
/** Problems named in a rejection; the message counts them all. */
const MAX_PROBLEMS_SHOWN = 100;

/** Imports existing `externalId -> uuid` pairs (a migration from another system), all or nothing. */
@Injectable()
export class UserImportService {
  /** `<schema>.end_user`, for the statements TypeORM cannot build. */
  private readonly table: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.table = dataSource.getMetadata(EndUserEntity).tablePath;
  }

  /**
   * Pairs already stored identically are counted, not rewritten; a pair that contradicts a stored
   * mapping rejects the whole batch. `withinTransaction` runs in the import's transaction (its audit event).
   */
  async importMappings(
    mappings: ImportMapping[],
    withinTransaction?: (manager: EntityManager, report: ImportReport) => Promise<void>,
  ): Promise<ImportReport> {
    const rows = await validateMappings(mappings);
    return this.dataSource.transaction(async (manager) => {
      const bulk = await bulkStatements(manager);
      let inserted = 0;
      for (let start = 0; start < rows.length; start += IMPORT_CHUNK_SIZE) {
        const chunk = rows.slice(start, start + IMPORT_CHUNK_SIZE);
        const result = await bulk<{ external_id: string }>(
          `INSERT INTO ${this.table} (external_id, id)
           SELECT * FROM unnest($1::varchar[], $2::uuid[])
           ON CONFLICT DO NOTHING
           RETURNING external_id`,
          [chunk.map((row) => row.externalId), chunk.map((row) => row.uuid)],
        );
        inserted += result.length;
        if (result.length < chunk.length) await assertNoContradiction(bulk, this.table, chunk, start);
      }
      const report = { inserted, alreadyPresent: rows.length - inserted };
      await withinTransaction?.(manager, report);
      return report;
    });
  }
}

/** Every pair checked (UUIDs lower-cased), a slice per event-loop turn; every problem found rejects the import. */
async function validateMappings(mappings: ImportMapping[]): Promise<ImportMapping[]> {
  if (!Array.isArray(mappings) || mappings.length === 0) {
    throw invalidUserInput('The import must contain at least one externalId/uuid pair.');
  }
  const problems: FieldProblem[] = [];
  const seenExternal = new FirstSeen();
  const seenUuid = new FirstSeen();
  const rows: ImportMapping[] = [];
  for (let start = 0; start < mappings.length; start += VALIDATION_SLICE) {
    if (start > 0) await nextTurn();
    const end = Math.min(start + VALIDATION_SLICE, mappings.length);
    for (let index = start; index < end; index += 1) {
      const mapping = mappings[index];
      const externalId = mapping?.externalId;
      const uuid = typeof mapping?.uuid === 'string' ? mapping.uuid.toLowerCase() : '';
      const externalProblem = externalIdProblem(externalId);
      if (externalProblem) problems.push({ field: `rows[${index}].externalId`, message: externalProblem });
      if (!ANY_CASE_UUID.test(uuid)) problems.push({ field: `rows[${index}].uuid`, message: 'uuid must be a UUID like 3f2b...-....' });
      duplicateCheck(seenExternal, externalId, index, 'externalId', problems);
      duplicateCheck(seenUuid, uuid, index, 'uuid', problems);
      rows.push({ externalId, uuid });
    }
  }
  if (problems.length > 0) {
    throw invalidUserInput(`${problems.length} problem(s) in the import; nothing was imported.`, problems.slice(0, MAX_PROBLEMS_SHOWN));
  }
  return rows;
}

function duplicateCheck(seen: FirstSeen, value: unknown, index: number, field: string, problems: FieldProblem[]): void {
  const first = seen.firstIndexOf(value, index);
  if (first !== index) problems.push({ field: `rows[${index}].${field}`, message: `repeats rows[${first}].${field}` });
}

/**
 * The first index each value was seen at, in 64 Maps by a hash of the value: a Map that outgrows its
 * table copies every entry at once, which at 131,072 entries held the event loop for over 60 ms; a shard
 * holds a 64th of the values, so each copy is a 64th of that.
 */
class FirstSeen {
  private readonly shards = Array.from({ length: 64 }, () => new Map<unknown, number>());

  /** `index` if `value` is new (it is remembered at `index`), else the index it was first seen at. */
  firstIndexOf(value: unknown, index: number): number {
    let hash = 0;
    // A value that is no string (a row's problem already) goes to the first shard.
    if (typeof value === 'string') for (let position = 0; position < value.length; position += 1) hash = (hash * 31 + value.charCodeAt(position)) | 0;
    const shard = this.shards[hash & 63];
    const first = shard.get(value);
    if (first !== undefined) return first;
    shard.set(value, index);
    return index;
  }
}

/** Names each contradicting pair by its external id, and its position in the import (`rows[i]`) in the message. */
async function assertNoContradiction(bulk: BulkQuery, table: string, chunk: ImportMapping[], offset: number): Promise<void> {
  const clashes = await bulk<{ external_id: string; id: string; wanted_external_id: string; wanted_id: string }>(
    `SELECT u.external_id, u.id, w.external_id AS wanted_external_id, w.id AS wanted_id
     FROM unnest($1::varchar[], $2::uuid[]) AS w(external_id, id)
     JOIN ${table} u ON u.external_id = w.external_id OR u.id = w.id
     WHERE u.external_id <> w.external_id OR u.id <> w.id
     LIMIT 100`,
    [chunk.map((row) => row.externalId), chunk.map((row) => row.uuid)],
  );
  if (clashes.length === 0) return;
  const positions = new Map(chunk.map((row, index) => [row.externalId, offset + index]));
  throw mappingConflict(
    'Some pairs contradict stored mappings; nothing was imported.',
    clashes.map((clash) => ({
      field: clash.wanted_external_id,
      message:
        `rows[${positions.get(clash.wanted_external_id)}]: ` +
        (clash.external_id === clash.wanted_external_id
          ? `already mapped to ${clash.id}, not ${clash.wanted_id}`
          : `uuid ${clash.wanted_id} already belongs to another user`),
    })),
  );
}
