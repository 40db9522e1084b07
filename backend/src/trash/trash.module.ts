import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { TrashPurge } from './trash-purge.js';
import { TrashController } from './trash.controller.js';
import { TrashService } from './trash.service.js';

@Module({
  imports: [TasksModule, AuthModule],
  controllers: [TrashController],
  providers: [TrashService, TrashPurge],
  exports: [TrashPurge],
})
export class TrashModule {}
