import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  mixin,
  type Type,
  UseGuards,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/app-errors.js';
import { principalOf } from '../common/principal.js';

/** 409 `/problems/quota-exceeded`: the caller already has as many of something as one account may keep. */
export class QuotaExceeded extends AppError {
  constructor(what: string, limit: number, remedy: string) {
    super(
      409,
      'quota-exceeded',
      'Quota exceeded',
      `You have reached the limit of ${limit} ${what}. ${remedy}`,
    );
  }
}

/** How many of something one user may keep; `assertRoom` throws QuotaExceeded when there is no room for one more. */
export interface Quota {
  assertRoom(userId: string): Promise<void>;
}

function quotaGuard(quota: Type<Quota>): Type<CanActivate> {
  @Injectable()
  class QuotaGuard implements CanActivate {
    constructor(@Inject(quota) private readonly room: Quota) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const principal = principalOf(context.switchToHttp().getRequest<FastifyRequest>());
      if (principal) await this.room.assertRoom(principal.userId);
      return true;
    }
  }
  return mixin(QuotaGuard);
}

/** This route adds one of what `quota` counts: refused with 409 `quota-exceeded` once the caller has no room. */
export const WithinQuota = (quota: Type<Quota>) => UseGuards(quotaGuard(quota));
