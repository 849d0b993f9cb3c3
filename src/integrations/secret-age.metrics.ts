import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ActiveSecretAge, ChatIdentityMetrics } from '../metrics/chat-identity-metrics.js';
import { IntegrationSecretEntity, SecretState } from '../secrets/entities/integration-secret.entity.js';
import { IntegrationEntity } from './entities/integration.entity.js';

/** Feeds `chat_identity_active_secret_age_seconds` from the database at scrape time; a scrape while the database is down leaves the gauge empty. */
@Injectable()
export class SecretAgeMetrics implements OnModuleInit {
  private readonly logger = new Logger('SecretAgeMetrics');
  /** One query per scrape, whatever the number of integrations. */
  private readonly statement: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: ChatIdentityMetrics,
  ) {
    this.statement = `
      SELECT i.slug AS integration, i.vendor, s.activated_at AS "activatedAt"
        FROM ${dataSource.getMetadata(IntegrationEntity).tablePath} i
        JOIN ${dataSource.getMetadata(IntegrationSecretEntity).tablePath} s ON s.integration_id = i.id
       WHERE s.state = $1 AND s.activated_at IS NOT NULL`;
  }

  onModuleInit(): void {
    this.metrics.readActiveSecretAgesWith(() =>
      this.activeSecretAges().catch((error: unknown) => {
        this.logger.warn(`Secret ages not read for this scrape: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }),
    );
  }

  /** When each integration's active secret became active. */
  private activeSecretAges(): Promise<ActiveSecretAge[]> {
    return this.dataSource.query(this.statement, [SecretState.Active]);
  }
}
