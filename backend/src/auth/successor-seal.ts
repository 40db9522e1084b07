import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'todo/refresh-token-successor/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The grace window must hand the just-rotated token's successor out again, so the successor is kept — sealed with
 * AES-256-GCM under a key derived from the rotated token itself. The database stores only that token's SHA-256
 * hash, so the database alone cannot open the seal: only someone presenting the rotated token can.
 */
export function sealSuccessor(presentedToken: string, successorToken: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(presentedToken), iv);
  const sealed = Buffer.concat([cipher.update(successorToken, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The successor token, or undefined when the seal was not made with this token (or was tampered with). */
export function openSuccessor(presentedToken: string, seal: string): string | undefined {
  const bytes = Buffer.from(seal, 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(presentedToken), bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const opened = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return opened.toString('utf8');
  } catch {
    return undefined;
  }
}

// Refresh tokens carry 256 random bits, so HKDF (not a slow password KDF) is the right derivation.
function keyFor(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', token, Buffer.alloc(0), INFO, 32));
}
