import { isTimeZone } from '@todo/quick-add';
import { z } from 'zod';
import { requestSchemas } from '../../openapi/registries.js';

export const quickAddTaskSchema = z
  .object({
    text: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .describe(
        'What a person would type into quick add, e.g. "Pay rent every month #home !high tomorrow 9am": the title, ' +
          'with #tags, !high/!medium/!low, a due date or time and "every day/week/month/<weekday>" anywhere in it. ' +
          '`+Project` and `/Section` file it into your project and section of that name (case, spaces, hyphens ' +
          'and underscores ignored; a unique prefix is enough); words that name none stay in the title.',
      ),
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'must be an IANA time zone name such as Europe/Berlin')
      .optional()
      .describe('The IANA time zone the words are meant in ("tomorrow 9am" there); defaults to UTC.'),
  })
  .strict();
export type QuickAddTaskInput = z.infer<typeof quickAddTaskSchema>;
requestSchemas.add(quickAddTaskSchema, {
  id: 'QuickAddTaskRequest',
  description: 'A task written the way a person types it into quick add.',
  examples: [{ text: 'Pay rent every month #home !high tomorrow 9am', timeZone: 'Europe/Berlin' }],
});
