import { documentSections } from '../openapi/registries.js';
import { TEST_EVENT, WEBHOOK_EVENTS } from './dto/webhook.schemas.js';

const header = (name: string, description: string, example: string) => ({
  name,
  in: 'header',
  required: true,
  description,
  schema: { type: 'string', maxLength: 1000 },
  example,
});

const HEADERS = [
  header(
    'webhook-id',
    'The delivery id: the same on every retry of this message, so receivers can drop duplicates.',
    '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
  ),
  header('webhook-timestamp', 'Unix seconds when this attempt was signed.', '1796637601'),
  header(
    'webhook-signature',
    'Space-separated `v1,<base64 HMAC-SHA256>` of `{webhook-id}.{webhook-timestamp}.{body}` under the secret ' +
      '(the base64 after `whsec_`); two while a rotation overlaps. Verify with any Standard Webhooks library.',
    'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  ),
];

/**
 * The OpenAPI 3.1 top-level `webhooks`: one entry per event a webhook can subscribe to (and the test message), each
 * the POST the receiver gets. Answering 2xx acknowledges; anything else (or no answer in 10 s) is retried.
 */
export function webhooksSection(): Record<string, unknown> {
  const entry = (event: string, schema: string) => ({
    post: {
      operationId: `${event.replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase())}Webhook`,
      summary: `The ${event} message`,
      description: `Sent to webhooks subscribed to \`${event}\`, signed as Standard Webhooks prescribes.`,
      tags: ['Webhooks'],
      // The receiver authenticates the message by its signature, not by a credential of ours.
      security: [],
      parameters: HEADERS,
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
      },
      responses: {
        '204': { description: 'Any 2xx acknowledges the message; anything else is retried with back-off.' },
      },
    },
  });
  const section: Record<string, unknown> = {};
  for (const event of WEBHOOK_EVENTS) {
    section[event] = entry(event, event.startsWith('task.') ? 'TaskWebhookMessage' : 'ProjectWebhookMessage');
  }
  section[TEST_EVENT] = entry(TEST_EVENT, 'TestWebhookMessage');
  return section;
}

documentSections.set('webhooks', webhooksSection);
