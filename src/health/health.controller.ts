import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { ChangeFeedService } from '../change-feed/change-feed.service.js';
import { MasterKeysService } from '../secrets/master-keys.service.js';
import { ApiPublic } from '../openapi/security-schemes.js';

/** The part of the adapter's reply this controller uses (Fastify's reply, Express' response). */
interface StatusSetter {
  status(code: number): unknown;
}

@ApiTags('operations')
@ApiPublic()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly changeFeed: ChangeFeedService,
    private readonly masterKeys: MasterKeysService,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @HealthCheck()
  @ApiOperation({ operationId: 'checkLiveness', summary: 'Liveness: the process answers' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * Readiness: the database answers and the change feed listens (without it, cached secrets and users
   * are served unconfirmed), and every stored secret opens with the master keys. A 503 names what is down:
   * `database`, `changeFeed` (with its state), `masterKeys` (the key ids and integrations affected).
   */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ operationId: 'checkReadiness', summary: 'Readiness: the database and the change feed answer too' })
  async ready(@Res({ passthrough: true }) reply: StatusSetter): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.pingCheck('database', { timeout: 1500 }), () => this.changeFeedCheck(), () => this.masterKeysCheck()]);
    } catch (error) {
      // Terminus' own body (what is down), not a problem document that would say only "unavailable".
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private async masterKeysCheck(): Promise<HealthIndicatorResult<'masterKeys'>> {
    const { ok, details } = await this.masterKeys.readiness();
    const check = this.indicators.check('masterKeys');
    return ok ? check.up() : check.down(details);
  }

  private changeFeedCheck(): HealthIndicatorResult<'changeFeed'> {
    const { state, since } = this.changeFeed.status();
    const check = this.indicators.check('changeFeed');
    return state === 'live' ? check.up({ state, since }) : check.down({ state, since });
  }
}
