import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { BrowserSdkModule } from './browser-sdk/browser-sdk.module.js';
import { ChatIdentityModule } from './chat-identity.module.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import type { Environment } from './config/environment.js';
import { standaloneModuleOptions } from './config/standalone-options.js';
import { StandaloneRedis, StandaloneRedisModule } from './config/standalone-redis.module.js';
import { DemoIdentityProvider, DemoSubjectResolver } from './demo/demo-identity.js';
import { demoPageEnabled } from './config/demo-setting.js';
import { DemoModule } from './demo/demo.module.js';
import { BuiltInSubjectResolver } from './identity/subject/built-in-subject.resolver.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsEndpointModule } from './metrics-endpoint/metrics-endpoint.module.js';

export interface StandaloneParts {
  /** Where the built browser library is. @default the build's dist/src/browser */
  browserSdkDirectory?: string;
}

/** The standalone service: one host of ChatIdentityModule, configured from the environment. */
@Module({})
export class AppModule {
  /** Takes the validated environment; nothing here reads process.env (tests run several apps side by side). */
  static forEnvironment(environment: Environment, { browserSdkDirectory }: StandaloneParts = {}): DynamicModule {
    const demo = demoPageEnabled(environment) ? new DemoIdentityProvider() : undefined;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          cache: true,
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          load: [() => ({ ...environment })],
        }),
        DatabaseModule,
        HealthModule,
        BrowserSdkModule.fromDirectory(browserSdkDirectory),
        ...(demo ? [DemoModule.signingWith(demo)] : []),
        MetricsEndpointModule.withToken(environment.METRICS_TOKEN),
        // Its Fastify hook already puts the request id on every response.
        ChatIdentityModule.forRootAsync({
          imports: [StandaloneRedisModule.forUrl(environment.REDIS_URL)],
          inject: [StandaloneRedis],
          useFactory: async (redis: StandaloneRedis) => {
            const options = await standaloneModuleOptions(environment, redis);
            // The demo's sample users sign in with the demo's own secret, beside the service's own subjects.
            return demo ? { ...options, subjectResolver: new DemoSubjectResolver(demo, new BuiltInSubjectResolver(options)) } : options;
          },
          schema: environment.DATABASE_SCHEMA,
          requestIdHeader: false,
          console: environment.CONSOLE === 'off' ? false : undefined,
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
