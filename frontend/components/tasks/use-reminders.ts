'use client';

import type { Task } from '@todo/openapi';
import { useEffect, useRef } from 'react';
import { dueReminders, msUntilNextReminder, reminderKey } from '@/lib/tasks/reminders';
import { useToasts } from '@/components/ui/toaster';

const STORAGE = 'todo.reminders.shown';

/** While the app is open, shows due reminders in-app and, if permitted, as a system notification. */
export function useReminders(tasks: Task[], onOpen: (id: string) => void) {
  const toasts = useToasts();
  const tasksRef = useRef(tasks);
  useEffect(() => {
    tasksRef.current = tasks;
  }, [tasks]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const shown = new Set<string>(JSON.parse(sessionStorage.getItem(STORAGE) ?? '[]') as string[]);
    const tick = () => {
      const now = Date.now();
      for (const t of dueReminders(tasksRef.current, now, shown)) {
        shown.add(reminderKey(t));
        toasts.show({
          message: `Reminder: ${t.title}`,
          action: { label: 'Open', run: () => onOpen(t.id) },
          timeoutMs: 15_000,
        });
        if (
          'Notification' in window &&
          Notification.permission === 'granted' &&
          document.visibilityState !== 'visible'
        ) {
          const n = new Notification('Reminder', { body: t.title, tag: reminderKey(t) });
          n.onclick = () => {
            window.focus();
            onOpen(t.id);
          };
        }
      }
      sessionStorage.setItem(STORAGE, JSON.stringify([...shown].slice(-200)));
      timer = setTimeout(tick, msUntilNextReminder(tasksRef.current, Date.now()));
    };
    tick();
    return () => clearTimeout(timer);
  }, [toasts, onOpen, tasks]);
}
