import { Module } from '@nestjs/common';
import { getResolvedOptionsToken, getSubjectResolverToken } from '../chat-identity.constants.js';
import type { ResolvedChatIdentityOptions } from '../chat-identity.options.js';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { SecretsModule } from '../secrets/secrets.module.js';
import { UsersModule } from '../users/users.module.js';
import { IdentityService } from './identity.service.js';
import { SubjectGuard } from './subject/subject.guard.js';

/** Widget identities, and who is asking for one: the SubjectResolver in use and the guard that runs it. */
@Module({
  imports: [IntegrationsModule, SecretsModule, UsersModule, MetricsModule],
  providers: [
    IdentityService,
    {
      provide: getSubjectResolverToken(),
      useFactory: (options: ResolvedChatIdentityOptions) => options.subjectResolver,
      inject: [getResolvedOptionsToken()],
    },
    SubjectGuard,
  ],
  exports: [IdentityService, getSubjectResolverToken(), SubjectGuard],
})
export class IdentityModule {}
