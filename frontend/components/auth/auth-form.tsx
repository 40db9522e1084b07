'use client';

import Link from 'next/link';
import { startTransition, useActionState, useEffect, useId, useRef } from 'react';
import type { AuthState } from '@/app/(auth)/actions';

interface Props {
  mode: 'login' | 'register';
  action: (prev: AuthState, form: FormData) => Promise<AuthState>;
  next?: string;
  notice?: string;
}

const initial: AuthState = { errors: {}, values: { email: '', name: '' } };
const FIELDS = ['name', 'email', 'password'] as const;

export function AuthForm({ mode, action, next, notice }: Props) {
  const [state, formAction, pending] = useActionState(action, initial);
  const id = useId();
  const e = state.errors;
  const register = mode === 'register';
  const formRef = useRef<HTMLFormElement>(null);

  // After a refused attempt, focus goes to the first field that needs fixing, in the order of the form.
  useEffect(() => {
    const first = FIELDS.find((name) => state.errors[name]);
    if (first) formRef.current?.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
  }, [state]);
  const field = (name: 'email' | 'password' | 'name') => ({
    id: `${id}-${name}`,
    name,
    'aria-invalid': e[name] ? true : undefined,
    'aria-describedby': e[name]
      ? `${id}-${name}-error`
      : register && name === 'password'
        ? `${id}-password-hint`
        : undefined,
  });
  const error = (name: 'email' | 'password' | 'name') =>
    e[name] ? (
      <p id={`${id}-${name}-error`} className="mt-1 text-sm text-danger">
        {e[name]}
      </p>
    ) : null;

  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={(event) => {
        // Run the action without React's reset of the form after it, which would empty the password typed in
        // when the server refuses the attempt. (Without JavaScript the plain form post still works.)
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
      noValidate
      className="space-y-4"
      aria-describedby={e.form ? `${id}-form-error` : undefined}
    >
      {notice ? (
        <p role="status" className="rounded-lg bg-warn-soft px-3 py-2 text-sm text-warn">
          {notice}
        </p>
      ) : null}
      {e.form ? (
        <p
          id={`${id}-form-error`}
          role="alert"
          className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger"
        >
          {e.form}
        </p>
      ) : null}
      <input type="hidden" name="next" value={next ?? ''} />
      {register ? (
        <div>
          <label className="label" htmlFor={`${id}-name`}>
            Name
          </label>
          <input
            {...field('name')}
            className="field"
            autoComplete="name"
            defaultValue={state.values.name}
            required
            maxLength={100}
          />
          {error('name')}
        </div>
      ) : null}
      <div>
        <label className="label" htmlFor={`${id}-email`}>
          Email
        </label>
        <input
          {...field('email')}
          className="field"
          type="email"
          autoComplete="email"
          defaultValue={state.values.email}
          required
        />
        {error('email')}
      </div>
      <div>
        <label className="label" htmlFor={`${id}-password`}>
          Password
        </label>
        <input
          {...field('password')}
          className="field"
          type="password"
          autoComplete={register ? 'new-password' : 'current-password'}
          required
          minLength={register ? 12 : undefined}
          maxLength={128}
        />
        {register ? (
          <p id={`${id}-password-hint`} className="mt-1 text-xs text-muted">
            At least 12 characters. A short sentence works well.
          </p>
        ) : null}
        {error('password')}
        {register ? null : <ForgotPassword />}
      </div>
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending
          ? register
            ? 'Creating your account…'
            : 'Signing in…'
          : register
            ? 'Create account'
            : 'Sign in'}
      </button>
      <p className="text-center text-sm text-muted">
        {register ? 'Already have an account? ' : 'New here? '}
        <Link
          className="font-medium text-accent underline-offset-2 hover:underline"
          href={`${register ? '/login' : '/register'}${next ? `?next=${encodeURIComponent(next)}` : ''}`}
        >
          {register ? 'Sign in' : 'Create an account'}
        </Link>
      </p>
    </form>
  );
}

/** No mail goes out, so there is no reset link: say who can set a new password, and how they do it. */
function ForgotPassword() {
  return (
    <details className="mt-2 text-sm" data-testid="forgot-password">
      <summary className="cursor-pointer text-accent underline-offset-2 hover:underline">
        Forgot password?
      </summary>
      <p className="mt-2 text-muted">
        This Todo does not send email, so a new password comes from whoever runs it: ask them to reset yours.
        They run{' '}
        <code className="font-mono text-xs">npm run -w backend reset-password -- you@example.com</code> and
        type the new password; your other sessions are signed out. Then sign in here with it.
      </p>
    </details>
  );
}
