import type { EmbeddedDatabase } from './embedded-postgres.js';

/** The embedded server when one was started, so the process can stop it after the app closes. */
export class EmbeddedDatabaseHolder {
  constructor(readonly database?: EmbeddedDatabase) {}

  async stop(): Promise<void> {
    await this.database?.stop();
  }
}
