import { Module } from '@nestjs/common';
import { InspectorController } from './inspector.controller.js';
import { InspectorModule } from './inspector.module.js';

/** Admin API of the token inspector. */
@Module({ imports: [InspectorModule], controllers: [InspectorController] })
export class InspectorAdminModule {}
