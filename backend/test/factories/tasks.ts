import type { TestApp } from '../support/test-app.js';
import type { SignedInUser } from './users.js';

export interface TaskBody {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  completedAt: string | null;
  priority: 'low' | 'medium' | 'high';
  tags: string[];
  dueAt: string | null;
  remindAt: string | null;
  recurrence: 'daily' | 'weekly' | 'monthly' | null;
  projectId: string;
  sectionId: string | null;
  parentId: string | null;
  position: string;
  assigneeId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export async function createTask(
  testApp: TestApp,
  user: SignedInUser,
  body: Record<string, unknown> = {},
): Promise<TaskBody> {
  const response = await testApp.http
    .post('/api/v1/tasks')
    .set(user.auth)
    .send({ title: 'A task', ...body })
    .expect(201);
  return response.body as TaskBody;
}
