// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Toaster } from '@/components/ui/toaster';
import { OFFLINE_MESSAGE } from '@/lib/api/mutation';

const revokeRequest = vi.fn();
vi.mock('@/lib/api/browser', () => ({ browserApi: async () => ({ DELETE: revokeRequest }) }));
// The page's sign-in-again button calls a server action; the server side is not part of this test.
vi.mock('@/app/(auth)/actions', () => ({ signOut: vi.fn() }));

const { TokenManager } = await import('./tokens');

afterEach(cleanup);

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
    expect(await screen.findByText(OFFLINE_MESSAGE)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Revoke calendar sync' })).toBeTruthy());
  });
});
