import type { Server } from 'node:net';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../config/app-config.js';
import { stopAccepting } from './draining-connections.js';
import { LifecycleState } from './lifecycle.state.js';

/** How long idle keep-alive connections stay open after the listener closes (at most half the grace period). */
const IDLE_CLOSE_DELAY_MS = 1000;

/**
 * Runs before the HTTP server closes: readiness turns 503 so load balancers stop sending traffic, and the process
 * keeps serving for SHUTDOWN_DELAY_MS while they notice. Then it stops accepting connections (a proxy retries a
 * refused one elsewhere, and marks this server down) and answers on the open ones with `Connection: close`; only
 * after a short delay does the server close, closing the idle connections a proxy could otherwise reuse at that
 * very moment. In-flight requests finish.
 */
@Injectable()
export class ShutdownCoordinator implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownCoordinator.name);

  constructor(
    private readonly lifecycle: LifecycleState,
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const { SHUTDOWN_DELAY_MS, SHUTDOWN_GRACE_MS } = this.config.env;
    this.lifecycle.draining = true;
    this.logger.log({ event: 'shutdown.draining', signal, delayMs: SHUTDOWN_DELAY_MS });
    await sleep(SHUTDOWN_DELAY_MS);
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    stopAccepting(server);
    this.lifecycle.closingConnections = true;
    await sleep(Math.min(IDLE_CLOSE_DELAY_MS, SHUTDOWN_GRACE_MS / 2));
  }
}

const sleep = (ms: number) =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
