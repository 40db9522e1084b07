import { AppError } from '../common/app-errors.js';
import type { Principal } from '../common/principal.js';

/** 403 with its own problem type, so clients can send the person to sign in again rather than show an error. */
export class ReauthenticationRequired extends AppError {
  constructor() {
    super(
      403,
      'reauthentication-required',
      'Sign in again',
      'This needs a recent sign-in: sign in again with your password, then retry.',
    );
  }
}

/**
 * Refuses a session whose password sign-in is older than `maxAgeSeconds` (or unknown), so an access token kept
 * after sign-out, or lifted from a browser, cannot turn itself into a long-lived credential.
 */
export function assertRecentSignIn(principal: Principal, maxAgeSeconds: number, now = Date.now()): void {
  const signedInAt = principal.authTime?.getTime();
  if (signedInAt === undefined || now - signedInAt > maxAgeSeconds * 1000)
    throw new ReauthenticationRequired();
}
