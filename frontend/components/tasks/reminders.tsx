'use client';

import type { Task } from '@todo/openapi';
import { useState, useSyncExternalStore } from 'react';
import { Icon } from '@/components/ui/icons';
import { useReminders } from './use-reminders';

const noop = () => () => {};

/**
 * Reminder toasts, system notifications and the prompt to allow them. Loaded on demand: the board only
 * mounts this (and downloads its code) once some open task has a reminder.
 */
export default function Reminders({ tasks, onOpen }: { tasks: Task[]; onOpen: (id: string) => void }) {
  useReminders(tasks, onOpen);
  return <NotificationPrompt />;
}

function NotificationPrompt() {
  const [asked, setAsked] = useState<NotificationPermission | null>(null);
  const system = useSyncExternalStore(
    noop,
    () => ('Notification' in window ? Notification.permission : 'unsupported'),
    () => null,
  );
  const permission = asked ?? system;
  if (permission !== 'default') return null;
  return (
    <div className="mt-6 flex flex-wrap items-center gap-3 rounded-xl border border-border bg-surface px-4 py-3 text-sm">
      <Icon name="bell" className="h-5 w-5 text-accent" />
      <span className="flex-1">Get reminders as notifications, even when this tab is in the background.</span>
      <button
        type="button"
        className="btn-ghost border border-border"
        onClick={() => void Notification.requestPermission().then(setAsked)}
      >
        Turn on notifications
      </button>
    </div>
  );
}
