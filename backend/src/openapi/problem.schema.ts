import { z } from 'zod';
import { responseSchemas } from './registries.js';

export const fieldErrorSchema = z
  .object({
    path: z
      .string()
      .max(200)
      .describe('The offending field, dotted for nesting (`tags.2`), or `(body)` for the whole body.'),
    message: z.string().max(1000).describe('What is wrong with it, in plain words.'),
  })
  .strict();
responseSchemas.add(fieldErrorSchema, { id: 'FieldError', description: 'One invalid field of a request.' });

export const problemSchema = z
  .object({
    type: z
      .string()
      .max(200)
      .describe('A URI reference naming the kind of problem, e.g. `/problems/validation-error`.'),
    title: z.string().max(200).describe('A short summary of the kind of problem.'),
    status: z.int().min(400).max(599).describe('The HTTP status code.'),
    detail: z.string().max(2000).describe('What went wrong with this request, for a human.'),
    instance: z.string().max(8192).describe('The request path.'),
    requestId: z
      .string()
      .max(128)
      .optional()
      .describe('Quote this id when reporting the problem; it matches the server logs.'),
    errors: z.array(fieldErrorSchema).optional().describe('Validation failures, one per offending field.'),
  })
  .strict();
responseSchemas.add(problemSchema, {
  id: 'Problem',
  description: 'An RFC 9457 problem details object; every 4xx and 5xx response has this shape.',
});
