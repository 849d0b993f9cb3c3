import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { DemoController } from './demo.controller.js';

/** The development demo at /demo; AppModule mounts it only in development mode (DEMO_PAGE). */
@Module({ imports: [IntegrationsModule], controllers: [DemoController] })
export class DemoModule {}
