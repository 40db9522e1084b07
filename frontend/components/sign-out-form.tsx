'use client';

import { signOut } from '@/app/(auth)/actions';
import { clearBrowserCopies, undeliveredCount } from '@/lib/tasks/browser-copy';

/**
 * Signing out forgets what the board keeps in this browser (the task copy and the outbox), so the next person at
 * this computer finds nothing of it. Changes still waiting to be saved would be lost: that is asked first.
 */
export function SignOutForm() {
  return (
    <form
      action={signOut}
      onSubmit={(e) => {
        const waiting = undeliveredCount();
        if (
          waiting &&
          !window.confirm(
            `${waiting === 1 ? '1 change has' : `${waiting} changes have`} not reached the server yet and will be lost if you sign out now. Sign out anyway?`,
          )
        ) {
          e.preventDefault();
          return;
        }
        clearBrowserCopies();
      }}
    >
      <button type="submit" className="btn-ghost px-3">
        Sign out
      </button>
    </form>
  );
}
