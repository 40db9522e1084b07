import { randomBytes } from 'node:crypto';

/** Just enough of the API, over fetch. */
export function apiClient(base: string) {
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  return {
    async signUp(label: string) {
      const email = `${label}-${randomBytes(4).toString('hex')}@example.com`;
      const body = await call('POST', '/auth/register', undefined, {
        email,
        password: 'correct-horse-lamp-41',
        name: label,
      });
      return {
        id: (body.user as { id: string }).id,
        email,
        token: body.accessToken as string,
        refreshToken: body.refreshToken as string,
      };
    },
    async signIn(email: string) {
      const body = await call('POST', '/auth/login', undefined, { email, password: 'correct-horse-lamp-41' });
      return { token: body.accessToken as string, refreshToken: body.refreshToken as string };
    },
    signOut: (refreshToken: string) => call('POST', '/auth/logout', undefined, { refreshToken }),
    createToken: (token: string, name: string) =>
      call('POST', '/tokens', token, { name, scopes: ['tasks:read'] }) as Promise<{
        id: string;
        token: string;
      }>,
    revokeToken: (token: string, id: string) => call('DELETE', `/tokens/${id}`, token),
    createTask: (token: string, title: string) =>
      call('POST', '/tasks', token, { title }) as Promise<{ id: string; title: string }>,
    updateTask: (token: string, id: string, changes: Record<string, unknown>) =>
      call('PATCH', `/tasks/${id}`, token, changes),
    deleteTask: (token: string, id: string) => call('DELETE', `/tasks/${id}`, token),
    createTaskIn: (token: string, projectId: string, title: string) =>
      call('POST', '/tasks', token, { title, projectId }) as Promise<{ id: string; title: string }>,
    createProject: (token: string, name: string) =>
      call('POST', '/projects', token, { name }) as Promise<{ id: string; name: string }>,
    /** `member` joins the owner's project with `role` through an invitation. */
    async share(ownerToken: string, projectId: string, memberToken: string, role: 'editor' | 'viewer') {
      const invitation = (await call('POST', `/projects/${projectId}/invitations`, ownerToken, { role })) as {
        token: string;
      };
      await call('POST', '/invitations/accept', memberToken, { token: invitation.token });
    },
    removeMember: (token: string, projectId: string, userId: string) =>
      call('DELETE', `/projects/${projectId}/members/${userId}`, token),
  };
}
