import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { InspectorController } from './inspector.controller.js';
import { InspectorModule } from './inspector.module.js';

/** Admin API of the token inspector. */
@Module({ imports: [InspectorModule, RateLimitModule], controllers: [InspectorController] })
export class InspectorAdminModule {}
