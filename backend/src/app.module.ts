import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ActivityModule } from './activity/activity.module.js';
import { AgentsModule } from './agents/agents.module.js';
import { CommentsModule } from './comments/comments.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { FeedsModule } from './feeds/feeds.module.js';
import { HealthModule } from './health/health.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OAuthModule } from './oauth/oauth.module.js';
import { PortabilityModule } from './portability/portability.module.js';
import { ProjectsModule } from './projects/projects.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { SharingModule } from './sharing/sharing.module.js';
import { SectionsModule } from './sections/sections.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { TrashModule } from './trash/trash.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule,
        HealthModule,
        AuthModule,
        UsersModule,
        ProjectsModule,
        SectionsModule,
        SharingModule,
        TasksModule,
        TrashModule,
        CommentsModule,
        ActivityModule,
        TokensModule,
        RealtimeModule,
        MetricsModule,
        AgentsModule,
        OAuthModule,
        FeedsModule,
        PortabilityModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
