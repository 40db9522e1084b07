import type { z } from 'zod';
import type { EndpointResponse } from './api-endpoint.js';

/** The 200 of a paged list that answers If-None-Match, and its 304: shared by listTasks and listTrash. */
export const cachedPageResponses = (
  description: string,
  schema: z.ZodType,
): Record<number, EndpointResponse> => ({
  200: {
    description,
    schema,
    headers: {
      ETag: {
        description:
          'A weak tag of this page; send it back in If-None-Match to get 304 while it is unchanged.',
        schema: { type: 'string', maxLength: 64 },
      },
    },
  },
  304: NOT_MODIFIED,
});

export const NOT_MODIFIED: EndpointResponse = {
  description: 'Not modified: the `If-None-Match` ETag is current; no body.',
};
