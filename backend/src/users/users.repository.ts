import { Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import type { Executor } from '../database/database-client.js';
import { DatabaseService } from '../database/database.service.js';
import { users } from '../database/schema/index.js';
import type { UserRow } from './dto/user.schemas.js';

@Injectable()
export class UsersRepository {
  constructor(private readonly database: DatabaseService) {}

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await this.database.db.select().from(users).where(eq(users.email, email));
    return row;
  }

  async findById(id: string, executor: Executor = this.database.db): Promise<UserRow | undefined> {
    const [row] = await executor.select().from(users).where(eq(users.id, id));
    return row;
  }

  /** Undefined when the email is taken (the unique index decides, so concurrent sign-ups cannot both win). */
  async insert(values: { email: string; name: string; passwordHash: string }): Promise<UserRow | undefined> {
    const [row] = await this.database.db.insert(users).values(values).onConflictDoNothing().returning();
    return row;
  }
}
