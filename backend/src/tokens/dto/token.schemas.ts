import { z } from 'zod';
import { TOKEN_SCOPES } from '../../auth/principal.js';
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
      .describe('Lifetime in days; omit for a token that never expires.'),
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
    name: z.string(),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    expiresAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .strict();
export type PersonalAccessToken = z.infer<typeof personalAccessTokenSchema>;
responseSchemas.add(personalAccessTokenSchema, {
  id: 'PersonalAccessToken',
  description: 'A personal access token, without its secret.',
});

export const createdTokenSchema = personalAccessTokenSchema
  .omit({ lastUsedAt: true })
  .extend({ token: z.string().describe('The secret. Shown only in this response; store it now.') })
  .strict();
export type CreatedToken = z.infer<typeof createdTokenSchema>;
responseSchemas.add(createdTokenSchema, { id: 'CreatedToken', description: 'A new token with its secret.' });

export const tokenListSchema = z.object({ items: z.array(personalAccessTokenSchema) }).strict();
responseSchemas.add(tokenListSchema, { id: 'TokenList' });

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
