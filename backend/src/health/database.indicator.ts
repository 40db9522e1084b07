import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DatabaseService } from '../database/database.service.js';

const PING_TIMEOUT_MS = 2000;

@Injectable()
export class DatabaseIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseService,
  ) {}

  async check(key: string) {
    const indicator = this.indicators.check(key);
    try {
      const { migrated } = await withTimeout(this.database.checkReady(), PING_TIMEOUT_MS);
      return migrated
        ? indicator.up({ engine: this.database.client.kind })
        : indicator.down({ message: 'migrations pending' });
    } catch (error) {
      return indicator.down({ message: (error as Error).message || 'unreachable' });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
