import { signOut } from '@/app/(auth)/actions';

/**
 * Shown when the API wants a fresh password sign-in. /login sends a signed-in person on to the board, so the way
 * back is to sign out first, with the page to return to.
 */
export function ReauthNotice({ returnTo, children }: { returnTo: string; children: React.ReactNode }) {
  return (
    <div role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
      <p>{children}</p>
      <form action={signOut} className="mt-2">
        <input type="hidden" name="next" value={returnTo} />
        <button type="submit" className="font-semibold underline">
          Sign in again
        </button>
      </form>
    </div>
  );
}
