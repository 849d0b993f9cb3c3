import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not } from 'typeorm';
import { type AuditContext, AuditService } from '../audit/audit.service.js';
import { DatabaseTimeoutError } from '../common/database-unavailable.js';
import { IntegrationEntity } from '../integrations/entities/integration.entity.js';
import { IntegrationSecretEntity } from './entities/integration-secret.entity.js';
import { type SealedRow, SecretKeyring, type UnopenableReason } from './secret-keyring.js';

/** A stored version this instance cannot open, by the integration's slug. */
export interface UnopenableVersion {
  integration: string;
  version: number;
  masterKeyId: string;
  reason: UnopenableReason;
}

/** Whether every stored secret opens with the configured master keys; identifiers only. */
export interface MasterKeyStatus {
  /** The key new secrets are sealed under (the first configured). */
  currentMasterKeyId: string;
  /** Master key ids of the versions that do not open. */
  affectedMasterKeyIds: string[];
  /** Slugs of the integrations with a version that does not open. */
  affectedIntegrations: string[];
  unopenable: UnopenableVersion[];
}

type ScannedRow = SealedRow & { slug: string };

/** What readiness reports: identifiers only. */
export interface MasterKeyReadiness {
  ok: boolean;
  details: Record<string, unknown>;
}

/** A readiness probe waits this long for the rows it re-checks, as it does for the database ping. */
const READINESS_TIMEOUT_MS = 1500;

/**
 * The master keys as they meet the stored secrets: every version is opened once at start (a key id
 * missing, or the same id with other bytes, shows before the first token request), each read is checked
 * by the keyring, and an admin re-wraps every secret under the newest key.
 */
@Injectable()
export class MasterKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger('MasterKeys');
  private readonly secretTable: string;
  private readonly integrationTable: string;
  /** Until the start-up check has read every row (the database may be down at start). */
  private fullCheckPending = true;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keyring: SecretKeyring,
    private readonly audit: AuditService,
  ) {
    this.secretTable = dataSource.getMetadata(IntegrationSecretEntity).tablePath;
    this.integrationTable = dataSource.getMetadata(IntegrationEntity).tablePath;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.checkAll().catch((error: unknown) => {
      this.logger.warn(`Stored secrets not checked against the master keys yet: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /**
   * What cannot be opened now. The versions found unopenable before are read and opened again (an
   * admin may have re-wrapped them, or their integration deleted), so the answer heals by itself.
   */
  async status(): Promise<MasterKeyStatus> {
    if (this.fullCheckPending) await this.checkAll();
    const integrationIds = [...new Set(this.keyring.unopenableSecrets().map((secret) => secret.integrationId))];
    const rows = integrationIds.length === 0 ? [] : await this.rows('WHERE s.integration_id = ANY($1::uuid[])', [integrationIds]);
    for (const id of integrationIds) this.keyring.forgetIntegration(id);
    const slugs = new Map(rows.map((row) => [row.integrationId, row.slug]));
    for (const row of rows) this.keyring.check(row);
    const unopenable = this.keyring.unopenableSecrets().map(({ integrationId, version, masterKeyId, reason }) => ({
      integration: slugs.get(integrationId) ?? integrationId,
      version,
      masterKeyId,
      reason,
    }));
    return {
      currentMasterKeyId: this.keyring.currentKeyId,
      affectedMasterKeyIds: [...new Set(unopenable.map((secret) => secret.masterKeyId))].sort(),
      affectedIntegrations: [...new Set(unopenable.map((secret) => secret.integration))].sort(),
      unopenable,
    };
  }

  /** For `/health/ready`: down while a stored secret does not open, naming the master key ids and integrations affected. */
  async readiness(): Promise<MasterKeyReadiness> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseTimeoutError(READINESS_TIMEOUT_MS)), READINESS_TIMEOUT_MS);
    });
    try {
      const { affectedMasterKeyIds, affectedIntegrations, unopenable } = await Promise.race([this.status(), timeout]);
      return unopenable.length === 0
        ? { ok: true, details: {} }
        : { ok: false, details: { affectedMasterKeyIds, affectedIntegrations, unopenableVersions: unopenable.length } };
    } catch (error) {
      return { ok: false, details: { checked: false, reason: error instanceof Error ? error.message : String(error) } };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Re-encrypts every secret not yet under the newest master key, in one transaction; plaintext never leaves this process. */
  async rewrapAll(context: AuditContext): Promise<{ masterKeyId: string; rewrapped: number }> {
    const target = this.keyring.currentKeyId;
    const rewrapped = await this.dataSource.transaction(async (manager) => {
      const rows = await manager.find(IntegrationSecretEntity, {
        where: { masterKeyId: Not(target) },
        lock: { mode: 'pessimistic_write' },
      });
      for (const row of rows) {
        const sealed = this.keyring.reseal(row);
        await manager.update(
          IntegrationSecretEntity,
          { integrationId: row.integrationId, version: row.version },
          { ciphertext: sealed.ciphertext, masterKeyId: sealed.masterKeyId },
        );
      }
      await this.audit.record(manager, context, {
        action: 'master-key.rotated',
        target: `master-key:${target}`,
        details: { rewrapped: rows.length },
      });
      return rows.length;
    });
    return { masterKeyId: target, rewrapped };
  }

  /** Opens every stored version once (AES only: nothing is parsed or kept). */
  private async checkAll(): Promise<void> {
    const rows = await this.rows('', []);
    for (const row of rows) this.keyring.check(row);
    this.fullCheckPending = false;
    const unopenable = this.keyring.unopenableSecrets().length;
    if (unopenable > 0) this.logger.error(`${unopenable} stored secret version(s) cannot be opened with the configured master keys; see /health/ready.`);
  }

  private rows(where: string, parameters: unknown[]): Promise<ScannedRow[]> {
    return this.dataSource.query(
      `SELECT s.integration_id AS "integrationId", s.version, s.master_key_id AS "masterKeyId", s.ciphertext, i.slug
         FROM ${this.secretTable} s JOIN ${this.integrationTable} i ON i.id = s.integration_id ${where}
        ORDER BY i.slug, s.version`,
      parameters,
    );
  }
}
