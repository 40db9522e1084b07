'use client';

import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs` (due labels and "overdue" move with it). */
export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
