import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('hides the token of an invitation preview, query and all else kept', () => {
    expect(redactUrl('/api/v1/invitations/inv_secret123')).toBe('/api/v1/invitations/[redacted]');
    expect(redactUrl('/api/v1/invitations/inv_secret123?x=1')).toBe('/api/v1/invitations/[redacted]?x=1');
  });

  it('leaves other URLs alone, accepting included', () => {
    for (const url of [
      '/api/v1/invitations/accept',
      '/api/v1/tasks?limit=5',
      '/api/v1/projects/p/invitations',
    ])
      expect(redactUrl(url)).toBe(url);
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
