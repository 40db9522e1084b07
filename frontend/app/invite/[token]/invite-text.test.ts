import { describe, expect, it } from 'vitest';
import { joinHeading } from './invite-text';

describe('joinHeading', () => {
  it('names the project, the role and who invited', () => {
    expect(joinHeading({ projectName: 'Flat', role: 'viewer', invitedBy: 'Ada Lovelace' })).toBe(
      'Join Flat as viewer, invited by Ada Lovelace',
    );
  });
});
