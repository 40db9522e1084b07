'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { clientAddress } from '@/lib/api/client-address';
import { serverApi } from '@/lib/api/server';
import { fieldErrors, problemMessage } from '@/lib/api/problem';
import { safeReturnPath } from '@/lib/auth/cookies';
import { clearSession, currentRequestIsSecure, readSession, writeSession } from '@/lib/auth/session';
import { validateCredentials, type AuthErrors } from '@/lib/auth/validation';

// Server actions are POSTs that Next only runs when the Origin header matches the host, so these are
// CSRF-safe without a token. They talk to the API server-side and keep the tokens in httpOnly cookies.

export interface AuthState {
  errors: AuthErrors;
  values: { email: string; name: string };
}

/** The API client for the auth calls, carrying the browser's address (see clientAddress). */
async function authApi() {
  return serverApi(undefined, clientAddress(await headers()));
}

function str(form: FormData, key: string) {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
}

export async function signIn(_prev: AuthState, form: FormData): Promise<AuthState> {
  const email = str(form, 'email').trim();
  const password = str(form, 'password');
  const values = { email, name: '' };
  const errors = validateCredentials({ email, password }, 'login');
  if (Object.keys(errors).length) return { errors, values };

  let result;
  try {
    result = await (
      await authApi()
    ).POST('/api/v1/auth/login', {
      body: { email, password },
    });
  } catch {
    return {
      errors: { form: 'We could not reach the server. Check your connection and try again.' },
      values,
    };
  }
  if (!result.data) {
    const p = result.error as Parameters<typeof problemMessage>[0];
    const message =
      result.response.status === 401 ? 'That email and password do not match an account.' : problemMessage(p);
    return { errors: { ...fieldErrors(p), form: message }, values };
  }
  writeSession(await cookies(), result.data, await currentRequestIsSecure());
  redirect(safeReturnPath(str(form, 'next')));
}

export async function signUp(_prev: AuthState, form: FormData): Promise<AuthState> {
  const email = str(form, 'email').trim();
  const password = str(form, 'password');
  const name = str(form, 'name').trim();
  const values = { email, name };
  const errors = validateCredentials({ email, password, name }, 'register');
  if (Object.keys(errors).length) return { errors, values };

  let result;
  try {
    result = await (
      await authApi()
    ).POST('/api/v1/auth/register', {
      body: { email, password, name },
    });
  } catch {
    return {
      errors: { form: 'We could not reach the server. Check your connection and try again.' },
      values,
    };
  }
  if (!result.data) {
    const p = result.error as Parameters<typeof problemMessage>[0];
    if (result.response.status === 409) {
      return { errors: { email: 'An account with this email already exists. Sign in instead?' }, values };
    }
    const fe = fieldErrors(p);
    return { errors: { ...fe, form: Object.keys(fe).length ? undefined : problemMessage(p) }, values };
  }
  writeSession(await cookies(), result.data, await currentRequestIsSecure());
  redirect(safeReturnPath(str(form, 'next')));
}

/** Signs out; with a `next` field, lands on sign-in headed back there (how a stale session signs in again). */
export async function signOut(form?: FormData): Promise<void> {
  const jar = await cookies();
  const { refreshToken } = readSession(jar, await currentRequestIsSecure());
  if (refreshToken) {
    try {
      await (
        await authApi()
      ).POST('/api/v1/auth/logout', {
        body: { refreshToken },
      });
    } catch {
      // Signing out locally still succeeds; the refresh token expires on its own.
    }
  }
  clearSession(jar, await currentRequestIsSecure());
  const next = form ? str(form, 'next') : '';
  redirect(next ? `/login?reauth=1&next=${encodeURIComponent(safeReturnPath(next))}` : '/login?signedOut=1');
}
