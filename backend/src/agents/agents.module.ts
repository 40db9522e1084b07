import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { TasksService } from '../tasks/tasks.service.js';
import { TrashService } from '../trash/trash.service.js';
import { UsersModule } from '../users/users.module.js';
import { UsersService } from '../users/users.service.js';
import { AgentRoutes } from './agent-routes.js';

/**
 * Agent access: /llms.txt and the MCP endpoint. The task, trash and user services are the same classes the REST
 * controllers use (their modules do not export them), over the same repositories, event log and idempotency store.
 */
@Module({
  imports: [AuthModule, TasksModule, UsersModule],
  providers: [AgentRoutes, TasksService, TrashService, UsersService],
})
export class AgentsModule {}
