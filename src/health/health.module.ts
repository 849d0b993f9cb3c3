import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ChangeFeedModule } from '../change-feed/change-feed.module.js';
import { SecretsModule } from '../secrets/secrets.module.js';
import { HealthController } from './health.controller.js';

// A failing check answers 503 naming what is down; the database and the change feed log their own outages.
@Module({ imports: [TerminusModule.forRoot({ logger: false }), ChangeFeedModule, SecretsModule], controllers: [HealthController] })
export class HealthModule {}
