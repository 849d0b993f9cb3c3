import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { runMigrationsExclusively } from './run-migrations.js';

const RETRY_MIN_DELAY_MS = 500;
const RETRY_MAX_DELAY_MS = 3000;

/**
 * Connects the standalone's DataSource, migrating first (with a DataSource of its own: no statement
 * timeout). The first attempt is awaited, so a healthy start serves at once; while the database is
 * down the service listens, answers 503, and keeps trying with backoff instead of exiting.
 */
export class DatabaseConnector implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private attempts = 0;
  private stopped = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly migrationOptions: DataSourceOptions,
  ) {}

  async start(): Promise<void> {
    await this.attempt();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async attempt(): Promise<void> {
    try {
      const applied = await migrate(this.migrationOptions);
      if (applied.length > 0) this.logger.log(`Applied migrations: ${applied.join(', ')}`);
      await this.dataSource.initialize();
    } catch (error) {
      this.attempts += 1;
      const delay = Math.min(RETRY_MAX_DELAY_MS, RETRY_MIN_DELAY_MS * 2 ** (this.attempts - 1));
      this.logger.warn(`Database unavailable (${error instanceof Error ? error.message : String(error)}); attempt ${this.attempts}, next in ${delay} ms`);
      if (!this.stopped) this.timer = setTimeout(() => void this.attempt(), delay).unref();
      return;
    }
    if (this.stopped) {
      await this.dataSource.destroy();
      return;
    }
    if (this.attempts > 0) this.logger.log(`Database connected after ${this.attempts} failed attempt(s)`);
  }
}

async function migrate(options: DataSourceOptions): Promise<string[]> {
  const dataSource = await new DataSource(options).initialize();
  try {
    return await runMigrationsExclusively(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
