'use client';

import { useCallback } from 'react';
import { runMutation, type Mutation } from '@/lib/api/mutation';
import { useToasts } from '@/components/ui/toaster';

/** `runMutation` whose refusals and offline failures are shown as toasts. */
export function useMutation() {
  const toasts = useToasts();
  return useCallback(<T>(mutation: Mutation<T>) => runMutation(mutation, { notify: toasts.show }), [toasts]);
}
