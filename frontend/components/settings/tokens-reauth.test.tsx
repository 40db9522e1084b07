// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Toaster } from '@/components/ui/toaster';

const createRequest = vi.fn();
vi.mock('@/lib/api/browser', () => ({ browserApi: async () => ({ POST: createRequest }) }));
vi.mock('@/app/(auth)/actions', () => ({ signOut: vi.fn() }));

const { TokenManager } = await import('./tokens');

afterEach(cleanup);

describe('TokenManager', () => {
  it('asks the person to sign in again, back to settings, when the API wants a recent sign-in', async () => {
    const problem = {
      type: '/problems/reauthentication-required',
      title: 'Sign in again',
      status: 403,
      detail: 'This needs a recent sign-in: sign in again with your password, then retry.',
    };
    createRequest.mockResolvedValue({ error: problem, response: new Response(null, { status: 403 }) });
    render(
      <Toaster>
        <TokenManager initial={[]} />
      </Toaster>,
    );
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'calendar sync' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('needs a recent sign-in');
    const button = screen.getByRole('button', { name: 'Sign in again' });
    const next = button.closest('form')?.querySelector<HTMLInputElement>('input[name="next"]');
    expect(next?.value).toBe('/settings');
    expect(createRequest).toHaveBeenCalledWith('/api/v1/tokens', {
      body: { name: 'calendar sync', scopes: ['tasks:read'], expiresInDays: 90 },
    });
  });
});
