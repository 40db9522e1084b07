import { request } from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { isPublicAddress, PrivateAddressError, publicOnlyLookup } from '../common/public-address.js';

export const SEND_TIMEOUT_MS = 10_000;
/** At most this much of a receiver's answer is read; its status is all that counts. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SendOptions {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: the operator lets deliveries reach private and loopback addresses. */
  allowPrivate: boolean;
  /** Extra trusted certificate authorities (PEM), added to Node's own: WEBHOOK_CA_FILE. */
  extraCa?: string;
}

export type SendOutcome = { status: number } | { error: string };

/**
 * POSTs one delivery over HTTPS. Bounded: 10 s for the whole exchange, at most 64 KiB of the answer read, no
 * redirect followed (a 3xx is an answer like any other, and not a 2xx). Unless the operator allows private targets,
 * the address actually connected to must be public: names go through `publicOnlyLookup`, literals are checked here.
 * Certificates are verified against the usual roots (plus WEBHOOK_CA_FILE when set).
 */
export function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendOutcome> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && isIP(host) && !isPublicAddress(host)) {
    return Promise.resolve({ error: new PrivateAddressError(host).message });
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = request(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        lookup: options.allowPrivate ? undefined : publicOnlyLookup,
        ca: options.extraCa ? [...rootCertificates, options.extraCa] : undefined,
        agent: false,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () => settle({ status: res.statusCode ?? 0 });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      settle({ error: `no answer within ${SEND_TIMEOUT_MS / 1000} s` });
    }, SEND_TIMEOUT_MS);
    req.on('error', (error) =>
      settle({
        error: error instanceof PrivateAddressError ? error.message : `${error.message}`.slice(0, 200),
      }),
    );
    req.end(body);
  });
}
