import type { Metadata } from 'next';
import { AuthForm } from '@/components/auth/auth-form';
import { safeReturnPath } from '@/lib/auth/cookies';
import { signUp } from '../actions';

export const metadata: Metadata = { title: 'Create an account' };

export default async function RegisterPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const next = typeof sp.next === 'string' ? safeReturnPath(sp.next) : undefined;
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">Create your account</h1>
      <p className="mb-6 text-sm text-muted">Free, private, and in sync on every device.</p>
      <AuthForm
        mode="register"
        action={signUp}
        next={next}
        notice={
          next?.startsWith('/invite/')
            ? 'Create your account to join the project you were invited to.'
            : undefined
        }
      />
    </>
  );
}
