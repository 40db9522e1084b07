import { Module } from '@nestjs/common';
import { Housekeeping } from '../housekeeping/housekeeping.js';
import { HousekeepingModule } from '../housekeeping/housekeeping.module.js';
import { IdempotencyStore } from './idempotency.store.js';

const DAY_MS = 86_400_000;

/** Stored first responses to keyed writes, kept a day: a retry later than that acts again. */
@Module({
  imports: [HousekeepingModule],
  providers: [IdempotencyStore],
  exports: [IdempotencyStore],
})
export class IdempotencyModule {
  constructor(housekeeping: Housekeeping, store: IdempotencyStore) {
    housekeeping.register('idempotency keys', (now) => store.pruneBefore(new Date(now.getTime() - DAY_MS)));
  }
}
