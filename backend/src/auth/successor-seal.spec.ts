import { describe, expect, it } from 'vitest';
import { newSecretToken } from '../common/secret-token.js';
import { openSuccessor, sealSuccessor } from './successor-seal.js';

describe('successor seal', () => {
  const presented = newSecretToken().token;
  const successor = newSecretToken().token;

  it('opens with the token it was sealed under', () => {
    expect(openSuccessor(presented, sealSuccessor(presented, successor))).toBe(successor);
  });

  it('does not reveal the successor, and differs each time', () => {
    const seal = sealSuccessor(presented, successor);
    expect(seal).not.toContain(successor);
    expect(sealSuccessor(presented, successor)).not.toBe(seal);
  });

  it('refuses another token, a tampered seal and garbage', () => {
    const seal = sealSuccessor(presented, successor);
    expect(openSuccessor(newSecretToken().token, seal)).toBeUndefined();
    const tampered = Buffer.from(seal, 'base64url');
    tampered[tampered.length - 1]! ^= 1;
    expect(openSuccessor(presented, tampered.toString('base64url'))).toBeUndefined();
    expect(openSuccessor(presented, 'short')).toBeUndefined();
  });
});
