import { z } from 'zod';
import { TOKEN_SCOPES } from '../../common/principal.js';
import { requestSchemas, responseSchemas } from '../../openapi/registries.js';

export const interactionIdSchema = z.string().regex(/^[\w-]{10,64}$/, 'must be a pending authorization id');
export const clientIdSchema = z.string().min(1).max(2048);

export const pendingConsentSchema = z
  .object({
    client: z.object({ id: z.string().max(2048), name: z.string().max(200).nullable() }).strict(),
    redirectHost: z.string().max(300).describe('The host the person is sent back to, with its port if any.'),
    scopes: z.array(z.enum(TOKEN_SCOPES)).max(2),
  })
  .strict();
export type PendingConsent = z.infer<typeof pendingConsentSchema>;
responseSchemas.add(pendingConsentSchema, {
  id: 'PendingConsent',
  description: 'An agent asking the signed-in person for access.',
  examples: [
    {
      client: { id: 'b1Xq2Ejc8wQk', name: 'Example agent' },
      redirectHost: 'agent.example.com',
      scopes: ['tasks:read', 'tasks:write'],
    },
  ],
});

export const consentDecisionSchema = z.object({ approve: z.boolean() }).strict();
export type ConsentDecision = z.infer<typeof consentDecisionSchema>;
requestSchemas.add(consentDecisionSchema, { id: 'ConsentDecision', examples: [{ approve: true }] });

export const consentResultSchema = z
  .object({
    redirectTo: z.url().max(2048).describe('Where the browser goes next to finish the authorization.'),
  })
  .strict();
responseSchemas.add(consentResultSchema, {
  id: 'ConsentResult',
  examples: [{ redirectTo: 'https://api.todo.example/oauth/authorize/5kq0LmN7Ys2u' }],
});

export const connectedAppSchema = z
  .object({
    clientId: z.string().max(2048),
    name: z.string().max(200).nullable(),
    scopes: z.array(z.enum(TOKEN_SCOPES)).max(2),
    connectedAt: z.iso.datetime(),
  })
  .strict();
export type ConnectedApp = z.infer<typeof connectedAppSchema>;
export const connectedAppListSchema = z.object({ items: z.array(connectedAppSchema).max(1000) }).strict();
responseSchemas.add(connectedAppListSchema, {
  id: 'ConnectedAppList',
  description: 'Agents the person connected through OAuth.',
  examples: [
    {
      items: [
        {
          clientId: 'b1Xq2Ejc8wQk',
          name: 'Example agent',
          scopes: ['tasks:read'],
          connectedAt: '2026-11-26T10:00:00.000Z',
        },
      ],
    },
  ],
});
