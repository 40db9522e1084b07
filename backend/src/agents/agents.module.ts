import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { TrashModule } from '../trash/trash.module.js';
import { UsersModule } from '../users/users.module.js';
import { AgentRoutes } from './agent-routes.js';

/** Agent access: /llms.txt and the MCP endpoint, over the very services (and rules) the REST controllers use. */
@Module({
  imports: [
    AuthModule,
    ProjectsModule,
    SectionsModule,
    TasksModule,
    TrashModule,
    UsersModule,
    ThrottlingModule,
  ],
  providers: [AgentRoutes],
})
export class AgentsModule {}
