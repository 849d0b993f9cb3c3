import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ChatIdentityMetrics } from '../metrics/chat-identity-metrics.js';
import { IntegrationsService } from './integrations.service.js';

/** Feeds `chat_identity_active_secret_age_seconds` from the database at scrape time; a scrape while the database is down leaves the gauge empty. */
@Injectable()
export class SecretAgeMetrics implements OnModuleInit {
  private readonly logger = new Logger('SecretAgeMetrics');

  constructor(
    private readonly integrations: IntegrationsService,
    private readonly metrics: ChatIdentityMetrics,
  ) {}

  onModuleInit(): void {
    this.metrics.readActiveSecretAgesWith(() =>
      this.integrations.activeSecretAges().catch((error: unknown) => {
        this.logger.warn(`Secret ages not read for this scrape: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }),
    );
  }
}
