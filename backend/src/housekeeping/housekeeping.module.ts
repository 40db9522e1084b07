import { Module } from '@nestjs/common';
import { Housekeeping } from './housekeeping.js';

/** The hourly clock modules register their prunes with (see Housekeeping). */
@Module({
  providers: [Housekeeping],
  exports: [Housekeeping],
})
export class HousekeepingModule {}
