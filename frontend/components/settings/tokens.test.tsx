// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Toaster } from '@/components/ui/toaster';
import { OFFLINE_MESSAGE } from '@/lib/api/mutation';

const revokeRequest = vi.fn();
const createRequest = vi.fn();
vi.mock('@/lib/api/browser', () => ({
  browserApi: async () => ({ DELETE: revokeRequest, POST: createRequest }),
}));
// The page's sign-in-again button calls a server action; the server side is not part of this test.
vi.mock('@/app/(auth)/actions', () => ({ signOut: vi.fn() }));

const { TokenManager } = await import('./tokens');

afterEach(() => {
  cleanup();
  revokeRequest.mockReset();
  createRequest.mockReset();
});

const token = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'calendar sync',
  scopes: ['tasks:read'],
  expiresAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastUsedAt: null,
} as const;

describe('TokenManager', () => {
  it('puts a token back and says so when revoking fails on the network', async () => {
    revokeRequest.mockRejectedValue(new TypeError('Failed to fetch'));
    render(
      <Toaster>
        <TokenManager initial={[{ ...token, scopes: [...token.scopes] }]} />
      </Toaster>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Revoke calendar sync' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, revoke' }));
    expect(await screen.findByText(OFFLINE_MESSAGE)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Revoke calendar sync' })).toBeTruthy());
  });

  it('asks before revoking, and Cancel keeps the token', async () => {
    revokeRequest.mockResolvedValue({ response: new Response(null, { status: 204 }) });
    render(
      <Toaster>
        <TokenManager initial={[{ ...token, scopes: [...token.scopes] }]} />
      </Toaster>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Revoke calendar sync' }));
    expect(revokeRequest).not.toHaveBeenCalled();
    expect(screen.getByRole('group', { name: /Revoke “calendar sync”\?/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Revoke calendar sync' })).toBeTruthy();
    expect(revokeRequest).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Revoke calendar sync' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, revoke' }));
    await waitFor(() => expect(revokeRequest).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Revoke calendar sync' })).toBeNull());
  });

  it('stops showing a new token once it is revoked, and the next token starts read-only', async () => {
    createRequest.mockImplementation(
      async (_path: string, init: { body: { name: string; scopes: string[] } }) => ({
        data: {
          ...token,
          id: '00000000-0000-4000-8000-000000000002',
          name: init.body.name,
          scopes: init.body.scopes,
          token: 'todo_pat_secretvalue',
        },
        response: new Response(null, { status: 201 }),
      }),
    );
    revokeRequest.mockResolvedValue({ response: new Response(null, { status: 204 }) });
    render(
      <Toaster>
        <TokenManager initial={[]} />
      </Toaster>,
    );
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'writer' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Can change tasks/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect((await screen.findByTestId('new-token')).textContent).toContain('todo_pat_secretvalue');
    expect(createRequest.mock.calls[0]![1].body.scopes).toEqual(['tasks:read', 'tasks:write']);
    expect((screen.getByRole('checkbox', { name: /Can change tasks/ }) as HTMLInputElement).checked).toBe(
      false,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Revoke writer' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, revoke' }));
    await waitFor(() => expect(screen.queryByTestId('new-token')).toBeNull());
    expect(screen.queryByText('todo_pat_secretvalue')).toBeNull();
  });
});
