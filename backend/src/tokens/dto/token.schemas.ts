import { z } from 'zod';
import { TOKEN_SCOPES } from '../../common/principal.js';
import type { personalAccessTokens } from '../../database/schema/index.js';
import { requestSchemas, responseSchemas } from '../../openapi/registries.js';

const scopes = z
  .array(z.enum(TOKEN_SCOPES))
  .min(1)
  .max(2)
  .refine((list) => new Set(list).size === list.length, 'must not repeat a scope')
  .describe('`tasks:read` to read tasks and trash; `tasks:write` to change them (implies read).');

export const createTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(100).describe('What the token is for, e.g. "calendar sync agent".'),
    scopes,
    expiresInDays: z
      .int()
      .min(1)
      .max(365)
      .optional()
      .describe('Lifetime in days, 1 to 365; omitted, the server default (90 days unless configured).'),
  })
  .strict();
export type CreateTokenInput = z.infer<typeof createTokenSchema>;
requestSchemas.add(createTokenSchema, {
  id: 'CreateTokenRequest',
  examples: [{ name: 'planning agent', scopes: ['tasks:read', 'tasks:write'], expiresInDays: 30 }],
});

export const personalAccessTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string().max(100),
    scopes: z.array(z.enum(TOKEN_SCOPES)).max(2),
    expiresAt: z.iso
      .datetime()
      .nullable()
      .describe(
        'When the token stops working; null only for tokens created before every token had an expiry.',
      ),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .strict();
export type PersonalAccessToken = z.infer<typeof personalAccessTokenSchema>;
responseSchemas.add(personalAccessTokenSchema, {
  id: 'PersonalAccessToken',
  description: 'A personal access token, without its secret.',
  examples: [
    {
      id: '9d2c4b1a-7e6f-4a5b-8c9d-0e1f2a3b4c5d',
      name: 'planning agent',
      scopes: ['tasks:read', 'tasks:write'],
      expiresAt: '2026-12-26T10:00:00.000Z',
      createdAt: '2026-11-26T10:00:00.000Z',
      lastUsedAt: '2026-11-26T10:05:00.000Z',
    },
  ],
});

export const createdTokenSchema = personalAccessTokenSchema
  .omit({ lastUsedAt: true })
  .extend({
    expiresAt: z.iso.datetime().describe('When the token stops working.'),
    token: z.string().max(64).describe('The secret. Shown only in this response; store it now.'),
  })
  .strict();
export type CreatedToken = z.infer<typeof createdTokenSchema>;
responseSchemas.add(createdTokenSchema, {
  id: 'CreatedToken',
  description: 'A new token with its secret.',
  examples: [
    {
      id: '9d2c4b1a-7e6f-4a5b-8c9d-0e1f2a3b4c5d',
      name: 'planning agent',
      scopes: ['tasks:read', 'tasks:write'],
      expiresAt: '2026-12-26T10:00:00.000Z',
      createdAt: '2026-11-26T10:00:00.000Z',
      token: 'todo_pat_Qm9vdHN0cmFwIGV4YW1wbGUgdG9rZW4gb25seSEhIQ',
    },
  ],
});

export const tokenListSchema = z.object({ items: z.array(personalAccessTokenSchema) }).strict();
responseSchemas.add(tokenListSchema, {
  id: 'TokenList',
  description: 'Your personal access tokens, newest first.',
  examples: [
    {
      items: [
        {
          id: '9d2c4b1a-7e6f-4a5b-8c9d-0e1f2a3b4c5d',
          name: 'planning agent',
          scopes: ['tasks:read'],
          expiresAt: '2027-02-24T10:00:00.000Z',
          createdAt: '2026-11-26T10:00:00.000Z',
          lastUsedAt: null,
        },
      ],
    },
  ],
});

export type TokenRow = typeof personalAccessTokens.$inferSelect;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export const toPersonalAccessToken = (row: TokenRow): PersonalAccessToken => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes as PersonalAccessToken['scopes'],
  expiresAt: iso(row.expiresAt),
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: iso(row.lastUsedAt),
});
