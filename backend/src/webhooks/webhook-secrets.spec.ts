import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader, WebhookSecretBox } from './webhook-secrets.js';

describe(WebhookSecretBox.name, () => {
  it('opens what it sealed, and refuses a seal made under another server secret', () => {
    const secret = newWebhookSecret();
    const sut = new WebhookSecretBox('a'.repeat(48));
    const sealed = sut.seal(secret);
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(sut.open(sealed)).toBe(secret);
    expect(() => new WebhookSecretBox('b'.repeat(48)).open(sealed)).toThrow();
  });
});

describe(signatureHeader.name, () => {
  it('makes whsec_ secrets of 32 bytes and signatures the reference verifier accepts under either secret', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    expect(Buffer.from(current.slice(6), 'base64')).toHaveLength(32);
    const at = new Date();
    const payload = JSON.stringify({ type: 'task.created', timestamp: at.toISOString(), data: {} });
    const header = signatureHeader([current, previous], 'msg_1', at, payload);
    expect(header).toMatch(/^v1,[A-Za-z0-9+/=]+ v1,[A-Za-z0-9+/=]+$/);
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': header,
    };
    for (const secret of [current, previous])
      expect(new Webhook(secret).verify(payload, headers)).toBeTruthy();
    expect(() => new Webhook(newWebhookSecret()).verify(payload, headers)).toThrow();
  });
});
