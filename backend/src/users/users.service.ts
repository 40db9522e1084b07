import { Injectable } from '@nestjs/common';
import { Unauthorized } from '../common/app-errors.js';
import { toUser, type User } from './dto/user.schemas.js';
import { UsersRepository } from './users.repository.js';

@Injectable()
export class UsersService {
  constructor(private readonly repository: UsersRepository) {}

  async get(id: string): Promise<User> {
    const row = await this.repository.findById(id);
    // A valid token for a user that no longer exists is as good as no token.
    if (!row) throw new Unauthorized('The account behind this token no longer exists.');
    return toUser(row);
  }
}
