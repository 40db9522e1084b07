import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { LifecycleState } from './lifecycle.state.js';

/**
 * Runs before the HTTP server closes: readiness turns 503 so load balancers stop sending traffic, and the
 * process stays up for SHUTDOWN_DELAY_MS while they notice. Then the server closes and in-flight requests finish.
 */
@Injectable()
export class ShutdownCoordinator implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownCoordinator.name);

  constructor(
    private readonly lifecycle: LifecycleState,
    private readonly config: AppConfig,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.lifecycle.draining = true;
    this.logger.log({ event: 'shutdown.draining', signal, delayMs: this.config.env.SHUTDOWN_DELAY_MS });
    if (this.config.env.SHUTDOWN_DELAY_MS > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.config.env.SHUTDOWN_DELAY_MS));
    }
  }
}
