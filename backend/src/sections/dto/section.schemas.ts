import { z } from 'zod';
import { orderKeySchema } from '../../common/order-keys.js';
import { requestSchemas, responseSchemas } from '../../openapi/registries.js';

const name = z.string().trim().min(1).max(120).describe('What the section is called; 1 to 120 characters.');

export const sectionSchema = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    name: z.string().max(120),
    position: z.string().max(200).describe('Opaque order key of the section in its project (byte order).'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .strict();
export type Section = z.infer<typeof sectionSchema>;
const example: Section = {
  id: '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a',
  projectId: '6b1f0c2e-4d3a-4e8b-9f1a-2c3d4e5f6a7b',
  name: 'This week',
  position: 'a0',
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};
responseSchemas.add(sectionSchema, {
  id: 'Section',
  description: 'A section of a project.',
  examples: [example],
});

export const sectionPageSchema = z
  .object({
    items: z.array(sectionSchema).max(500),
    nextCursor: z
      .string()
      .max(1000)
      .nullable()
      .describe('Always null: a project’s sections come in one page.'),
  })
  .strict();
export type SectionPage = z.infer<typeof sectionPageSchema>;
responseSchemas.add(sectionPageSchema, {
  id: 'SectionPage',
  description: 'The sections of a project, in their order.',
  examples: [{ items: [example], nextCursor: null }],
});

export const createSectionSchema = z.object({ name }).strict();
export type CreateSectionInput = z.infer<typeof createSectionSchema>;
requestSchemas.add(createSectionSchema, { id: 'CreateSectionRequest', examples: [{ name: 'This week' }] });

export const updateSectionSchema = z
  .object({ name: name.optional(), position: orderKeySchema.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'send at least one field to change');
export type UpdateSectionInput = z.infer<typeof updateSectionSchema>;
requestSchemas.add(updateSectionSchema, {
  id: 'UpdateSectionRequest',
  description: 'The fields to change; omitted fields keep their value.',
  examples: [{ name: 'Next week' }],
});

export const sectionIdSchema = z.uuid({ message: 'must be a UUID' });
