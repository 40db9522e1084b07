import { Global, Module } from '@nestjs/common';
import { databaseClientProvider, DatabaseService } from './database.service.js';

@Global()
@Module({
  providers: [databaseClientProvider, DatabaseService],
  exports: [DatabaseService],
})
export class DatabaseModule {}
