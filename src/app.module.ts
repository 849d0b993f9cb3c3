import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ChatIdentityModule } from './chat-identity.module.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { Environment, validateEnvironment } from './config/environment.js';
import { standaloneModuleOptions } from './config/standalone-options.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';

/** The standalone service: one host of ChatIdentityModule, configured from the environment. */
@Module({})
export class AppModule {
  /** `environment` is validated once; nothing else reads process.env (tests run several apps side by side). */
  static forEnvironment(environment: NodeJS.ProcessEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          cache: true,
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          validate: () => validateEnvironment(environment),
        }),
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Environment, true>) => ({
            pinoHttp: {
              level: config.get('LOG_LEVEL', { infer: true }),
              // Method, path and id only: headers (Authorization, X-Service-Key) and bodies never reach the log.
              serializers: {
                req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
                res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
              },
              redact: { paths: ['req.headers', 'res.headers', '*.secret', '*.token'], censor: '[redacted]' },
              customLogLevel: (_request: unknown, response: { statusCode: number }, error?: Error) =>
                error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
            },
          }),
        }),
        DatabaseModule,
        HealthModule,
        ChatIdentityModule.forRootAsync({ inject: [ConfigService], useFactory: standaloneModuleOptions }),
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
