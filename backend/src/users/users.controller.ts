import { Controller, Get } from '@nestjs/common';
import { CurrentUser, type Principal, Scope } from '../common/principal.js';
import { ApiEndpoint } from '../openapi/api-endpoint.js';
import { type User, userSchema } from './dto/user.schemas.js';
import { UsersService } from './users.service.js';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @Scope('any')
  @ApiEndpoint({
    operationId: 'getCurrentUser',
    tag: 'Users',
    summary: 'Who am I',
    description:
      'Returns the account the bearer token belongs to. Read-only; use it to check a token works and whose it is. ' +
      'Any personal access token may call it, whatever its scopes.',
    responses: { 200: { description: 'The current user.', schema: userSchema } },
    errors: [401],
  })
  getCurrentUser(@CurrentUser() principal: Principal): Promise<User> {
    return this.users.get(principal.userId);
  }
}
