import { z } from 'zod';
import type { calendarFeeds } from '../../database/schema/index.js';
import { requestSchemas, responseSchemas } from '../../openapi/registries.js';

export const createFeedSchema = z
  .object({
    projectId: z
      .uuid()
      .optional()
      .describe('Only this project (you must be a member); omitted, every project of yours.'),
  })
  .strict();
export type CreateFeedInput = z.infer<typeof createFeedSchema>;
requestSchemas.add(createFeedSchema, {
  id: 'CreateFeedRequest',
  examples: [{}, { projectId: '5b7e2c1d-3f4a-4b6c-8d9e-0f1a2b3c4d5e' }],
});

export const feedSchema = z
  .object({
    id: z.uuid(),
    projectId: z.uuid().nullable().describe('The one project the feed shows; null: all your projects.'),
    createdAt: z.iso.datetime(),
  })
  .strict();
export type Feed = z.infer<typeof feedSchema>;
responseSchemas.add(feedSchema, {
  id: 'Feed',
  description: 'A calendar feed, without its secret address.',
  examples: [
    { id: '3c9a7f2e-1b4d-4e6f-9a8b-7c6d5e4f3a2b', projectId: null, createdAt: '2026-12-06T10:00:00.000Z' },
  ],
});

export const createdFeedSchema = feedSchema
  .extend({
    url: z
      .url()
      .max(300)
      .describe(
        'The secret iCalendar address (`…/feeds/<token>.ics`) to subscribe to. Shown only in this response; ' +
          'anyone holding it can read the feed until it is revoked.',
      ),
  })
  .strict();
export type CreatedFeed = z.infer<typeof createdFeedSchema>;
responseSchemas.add(createdFeedSchema, {
  id: 'CreatedFeed',
  description: 'A new calendar feed with its secret address.',
  examples: [
    {
      id: '3c9a7f2e-1b4d-4e6f-9a8b-7c6d5e4f3a2b',
      projectId: null,
      createdAt: '2026-12-06T10:00:00.000Z',
      url: 'https://api.todo.example/feeds/Qm9vdHN0cmFwIGV4YW1wbGUgdG9rZW4gb25seSEhIQ.ics',
    },
  ],
});

export const feedListSchema = z.object({ items: z.array(feedSchema) }).strict();
responseSchemas.add(feedListSchema, {
  id: 'FeedList',
  description: 'Your calendar feeds, newest first.',
  examples: [
    {
      items: [
        {
          id: '3c9a7f2e-1b4d-4e6f-9a8b-7c6d5e4f3a2b',
          projectId: null,
          createdAt: '2026-12-06T10:00:00.000Z',
        },
      ],
    },
  ],
});

export type FeedRow = typeof calendarFeeds.$inferSelect;

export const toFeed = (row: FeedRow): Feed => ({
  id: row.id,
  projectId: row.projectId,
  createdAt: row.createdAt.toISOString(),
});
