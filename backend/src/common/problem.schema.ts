import { z } from 'zod';
import { responseSchemas } from '../openapi/registries.js';

export const fieldErrorSchema = z
  .object({
    path: z
      .string()
      .describe('The offending field, dotted for nesting (`tags.2`), or `(body)` for the whole body.'),
    message: z.string().describe('What is wrong with it, in plain words.'),
  })
  .strict();
responseSchemas.add(fieldErrorSchema, { id: 'FieldError' });

export const problemSchema = z
  .object({
    type: z
      .string()
      .describe('A URI reference naming the kind of problem, e.g. `/problems/validation-error`.'),
    title: z.string().describe('A short summary of the kind of problem.'),
    status: z.int().min(400).max(599).describe('The HTTP status code.'),
    detail: z.string().describe('What went wrong with this request, for a human.'),
    instance: z.string().describe('The request path.'),
    requestId: z
      .string()
      .optional()
      .describe('Quote this id when reporting the problem; it matches the server logs.'),
    errors: z.array(fieldErrorSchema).optional().describe('Validation failures, one per offending field.'),
  })
  .strict();
responseSchemas.add(problemSchema, {
  id: 'Problem',
  description: 'An RFC 9457 problem details object; every 4xx and 5xx response has this shape.',
});
