import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const INFO = 'todo/webhook-secrets/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_PREFIX = 'whsec_';

/** A new signing secret as Standard Webhooks writes them: `whsec_` and the base64 of 32 random bytes. */
export const newWebhookSecret = (): string => `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;

/**
 * Webhook secrets must be kept to sign with (a hash would not do), so they are sealed with AES-256-GCM under a key
 * derived (HKDF) from the server's JWT_SECRET: a copy of the database alone does not give them away. Changing
 * JWT_SECRET makes the stored secrets unreadable; deliveries then fail and the owners rotate (docs/webhooks.md).
 */
export class WebhookSecretBox {
  private readonly key: Buffer;

  constructor(serverSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', serverSecret, Buffer.alloc(0), INFO, 32));
  }

  seal(secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  /** Throws when the seal was not made under this key (JWT_SECRET changed) or was tampered with. */
  open(seal: string): string {
    const bytes = Buffer.from(seal, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }
}

/**
 * The `webhook-signature` header: `v1,<base64 HMAC-SHA256>` of `id.timestamp.payload` under each secret, separated
 * by spaces (Standard Webhooks lets a receiver accept any one of them: how a rotation overlaps). The reference
 * library signs, so our bytes are the specification's.
 */
export function signatureHeader(secrets: readonly string[], id: string, at: Date, payload: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(id, at, payload)).join(' ');
}
