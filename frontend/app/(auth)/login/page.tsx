import type { Metadata } from 'next';
import { AuthForm } from '@/components/auth/auth-form';
import { safeReturnPath } from '@/lib/auth/cookies';
import { signIn } from '../actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const next = typeof sp.next === 'string' ? safeReturnPath(sp.next) : undefined;
  const notice = next?.startsWith('/invite/')
    ? 'Sign in, or create an account, to join the project you were invited to.'
    : sp.expired === '1'
      ? 'Your session has expired. Sign in again to pick up where you left off.'
      : sp.signedOut === '1'
        ? 'You are signed out. See you soon.'
        : sp.reauth === '1'
          ? 'For your safety, sign in again with your password to continue.'
          : undefined;
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">Welcome back</h1>
      <p className="mb-6 text-sm text-muted">Sign in to see your tasks.</p>
      <AuthForm mode="login" action={signIn} next={next} notice={notice} />
    </>
  );
}
