import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { MetricsService } from './metrics.service.js';

/** Prometheus metrics for GET /metrics (mounted in app.setup.ts, outside /api/v1 and the OpenAPI document). */
@Module({
  imports: [RealtimeModule],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
