import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/principal.js';
import { DatabaseIndicator } from './database.indicator.js';
import { LifecycleState } from './lifecycle.state.js';

/**
 * Probes answer in Terminus' own shape (not problem+json), 200 or 503, as orchestrators expect. They live outside
 * /api/v1 and are documented by hand in build-document.ts.
 */
@Controller('health')
@Public()
@ApiExcludeController()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseIndicator,
    private readonly lifecycle: LifecycleState,
  ) {}

  /**
   * Liveness: the event loop answers. Never touches the database, so an outage does not restart pods, and not
   * Terminus' check either, which answers 503 once shutdown begins: a draining pod is alive and must not be killed
   * before its in-flight requests finish.
   */
  @Get('live')
  live(): HealthCheckResult {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    try {
      const result = await this.health.check([
        () => {
          const state = this.indicators.check('lifecycle');
          return this.lifecycle.draining ? state.down({ message: 'draining' }) : state.up();
        },
        () => this.database.check('database'),
      ]);
      void reply.status(HttpStatus.OK).header('cache-control', 'no-store').send(result);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .header('cache-control', 'no-store')
        .send(error.getResponse());
    }
  }
}
