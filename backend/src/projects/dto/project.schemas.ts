import { z } from 'zod';
import { orderKeySchema } from '../../common/order-keys.js';
import { PROJECT_COLORS, PROJECT_ROLES } from '../../database/schema/projects.js';
import { requestSchemas, responseSchemas } from '../../openapi/registries.js';

const name = z.string().trim().min(1).max(120).describe('What the project is called; 1 to 120 characters.');
const color = z
  .enum(PROJECT_COLORS)
  .nullable()
  .describe('The colour the web app shows it in; null for none.');

export const projectSchema = z
  .object({
    id: z.uuid(),
    name: z.string().max(120),
    isInbox: z.boolean().describe('Every person has exactly one Inbox: it cannot be deleted or shared.'),
    color,
    role: z.enum(PROJECT_ROLES).describe('Your role in the project.'),
    memberCount: z.int().min(1),
    openTaskCount: z
      .int()
      .min(0)
      .describe(
        'How many open tasks the project holds, subtasks included (not completed, not in the trash).',
      ),
    position: z.string().max(200).describe('Opaque order key of the project in the list (byte order).'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.int().min(1).describe('Increments on every change; send it as If-Match to update safely.'),
  })
  .strict();
export type Project = z.infer<typeof projectSchema>;
const example: Project = {
  id: '6b1f0c2e-4d3a-4e8b-9f1a-2c3d4e5f6a7b',
  name: 'Home',
  isInbox: false,
  color: 'green',
  role: 'owner',
  memberCount: 1,
  openTaskCount: 3,
  position: 'a1',
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  version: 1,
};
responseSchemas.add(projectSchema, {
  id: 'Project',
  description: 'A project you are a member of.',
  examples: [example],
});

const { openTaskCount: _count, ...withoutCount } = example;

const nextCursor = z
  .string()
  .max(1000)
  .nullable()
  .describe('Pass as `cursor` to get the next page; null on the last page.');

export const projectPageSchema = z.object({ items: z.array(projectSchema).max(100), nextCursor }).strict();
export type ProjectPage = z.infer<typeof projectPageSchema>;
responseSchemas.add(projectPageSchema, {
  id: 'ProjectPage',
  description: 'One page of your projects, the Inbox first, then in their order.',
  examples: [{ items: [example], nextCursor: null }],
});

export const trashedProjectSchema = projectSchema
  .omit({ openTaskCount: true })
  .extend({ trashedAt: z.iso.datetime().describe('When the project was moved to the trash.') })
  .strict();
export const trashedProjectPageSchema = z
  .object({ items: z.array(trashedProjectSchema).max(100), nextCursor })
  .strict();
export type TrashedProject = z.infer<typeof trashedProjectSchema>;
export type TrashedProjectPage = z.infer<typeof trashedProjectPageSchema>;
responseSchemas.add(trashedProjectSchema, { id: 'TrashedProject', description: 'A project in the trash.' });
responseSchemas.add(trashedProjectPageSchema, {
  id: 'TrashedProjectPage',
  description: 'One page of your trashed projects, most recently trashed first.',
  examples: [{ items: [{ ...withoutCount, trashedAt: '2026-12-02T10:00:00.000Z' }], nextCursor: null }],
});

export const createProjectSchema = z.object({ name, color: color.optional() }).strict();
export type CreateProjectInput = z.infer<typeof createProjectSchema>;
requestSchemas.add(createProjectSchema, {
  id: 'CreateProjectRequest',
  examples: [{ name: 'Home', color: 'green' }],
});

export const updateProjectSchema = z
  .object({ name: name.optional(), color: color.optional(), position: orderKeySchema.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'send at least one field to change');
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;
requestSchemas.add(updateProjectSchema, {
  id: 'UpdateProjectRequest',
  description: 'The fields to change; omitted fields keep their value.',
  examples: [{ name: 'Household' }],
});

export const projectPageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50).describe('Page size.'),
    cursor: z.string().min(1).max(1000).optional().describe('The `nextCursor` of the previous page.'),
  })
  .strict();
export type ProjectPageQuery = z.infer<typeof projectPageQuerySchema>;

export const projectIdSchema = z.uuid({ message: 'must be a UUID' });
