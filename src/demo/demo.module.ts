import { type DynamicModule, Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { DemoIdentityProvider } from './demo-identity.js';
import { DemoController } from './demo.controller.js';

/** The development demo at /demo; AppModule mounts it only when demoPageEnabled says so. */
@Module({})
export class DemoModule {
  /** `identityProvider` is the one whose tokens the service's subject resolver accepts (DemoSubjectResolver). */
  static signingWith(identityProvider: DemoIdentityProvider): DynamicModule {
    return {
      module: DemoModule,
      imports: [IntegrationsModule],
      controllers: [DemoController],
      providers: [{ provide: DemoIdentityProvider, useValue: identityProvider }],
    };
  }
}
