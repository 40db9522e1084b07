import { z } from 'zod';
import type { users } from '../../database/schema/index.js';
import { responseSchemas } from '../../openapi/registries.js';

export const userSchema = z
  .object({ id: z.uuid(), email: z.email(), name: z.string().max(100), createdAt: z.iso.datetime() })
  .strict();
export type User = z.infer<typeof userSchema>;
responseSchemas.add(userSchema, {
  id: 'User',
  examples: [
    {
      id: '0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e',
      email: 'ada@example.com',
      name: 'Ada',
      createdAt: '2026-11-26T10:00:00.000Z',
    },
  ],
});

export type UserRow = typeof users.$inferSelect;

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
});
