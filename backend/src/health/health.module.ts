import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseIndicator } from './database.indicator.js';
import { HealthController } from './health.controller.js';
import { LifecycleState } from './lifecycle.state.js';
import { ShutdownCoordinator } from './shutdown.coordinator.js';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DatabaseIndicator, LifecycleState, ShutdownCoordinator],
  exports: [LifecycleState],
})
export class HealthModule {}
