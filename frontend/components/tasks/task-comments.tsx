'use client';

import type { Schemas } from '@todo/openapi';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { browserApi, newIdempotencyKey } from '@/lib/api/browser';
import { fieldErrors, problemMessage } from '@/lib/api/problem';
import { useMembers } from '@/lib/projects/members';
import { formatWhen } from '@/lib/tasks/dates';
import { subscribeLive } from '@/lib/tasks/live-hub';
import { useMutation } from '@/components/use-mutation';

type Comment = Schemas['Comment'];

const MAX_BODY = 5000;

interface Props {
  taskId: string;
  projectId: string;
  /** The signed-in person: their own comments can be deleted, and an owner may delete anyone's. */
  userId: string | null | undefined;
}

/** Reads a task's thread, oldest first, every page (threads are short; the API pages at 100). */
async function readThread(taskId: string): Promise<Comment[] | null> {
  const api = await browserApi();
  const all: Comment[] = [];
  let cursor: string | undefined;
  do {
    const { data } = await api.GET('/api/v1/tasks/{id}/comments', {
      params: { path: { id: taskId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
    });
    if (!data) return null;
    all.push(...data.items);
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/**
 * The comment thread under a task's details: read on opening, kept current by the live stream (another member's
 * comment appears without a reload), a box to add one when the person may write, delete for the author or owner.
 */
export function TaskComments({ taskId, projectId, userId }: Props) {
  const id = useId();
  const mutate = useMutation();
  const members = useMembers(projectId);
  const role = members?.find((m) => m.userId === userId)?.role;
  const canWrite = role === undefined || role !== 'viewer';
  const [comments, setComments] = useState<Comment[] | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const latestRead = useRef(0);

  const show = useCallback((thread: Comment[] | null) => {
    if (thread) setComments(thread);
    setUnavailable(thread === null);
  }, []);

  /** Reads the thread again; an answer older than a later read's is dropped. */
  const reload = useCallback(async () => {
    const read = ++latestRead.current;
    const thread = await readThread(taskId).catch(() => null);
    if (read === latestRead.current) show(thread);
  }, [taskId, show]);

  // The panel is keyed by task: a new task mounts a new thread.
  useEffect(() => {
    const read = ++latestRead.current;
    void (async () => {
      const thread = await readThread(taskId).catch(() => null);
      if (read === latestRead.current) show(thread);
    })();
    return subscribeLive({
      onEvent: (event) => {
        if (event.type === 'comment.created' && event.taskId === taskId) void reload();
      },
      onResync: () => void reload(),
    });
  }, [taskId, reload, show]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const text = body.trim();
    if (!text) {
      setError('Write something first.');
      return;
    }
    if (text.length > MAX_BODY) {
      setError(`At most ${MAX_BODY} characters.`);
      return;
    }
    setSending(true);
    setError(null);
    const key = newIdempotencyKey();
    const result = await mutate({
      send: (api) =>
        api.POST('/api/v1/tasks/{id}/comments', {
          params: { path: { id: taskId }, header: { 'Idempotency-Key': key } },
          body: { body: text },
        }),
      refused: ({ error: problem }) => {
        const field = fieldErrors(problem).body;
        if (field) {
          setError(field);
          return null;
        }
        return `Could not add the comment: ${problemMessage(problem)}`;
      },
    });
    setSending(false);
    if (!result.ok || !result.data) return;
    const added = result.data;
    setBody('');
    setComments((all) => (all?.some((c) => c.id === added.id) ? all : [...(all ?? []), added]));
  };

  const remove = (comment: Comment) =>
    void mutate({
      apply: () => {
        setComments((all) => all?.filter((c) => c.id !== comment.id) ?? all);
        return () => void reload();
      },
      send: (api) => api.DELETE('/api/v1/comments/{id}', { params: { path: { id: comment.id } } }),
      doneOn: [404],
      refused: 'Could not delete the comment',
    });

  const now = new Date();
  return (
    <section aria-labelledby={`${id}-heading`} className="border-t border-border pt-4">
      <h3 id={`${id}-heading`} className="label">
        Comments{comments && comments.length > 0 ? ` (${comments.length})` : ''}
      </h3>
      {comments === null ? (
        <p className="text-sm text-muted">{unavailable ? 'Comments could not be loaded.' : 'Loading…'}</p>
      ) : comments.length === 0 ? (
        <p className="text-sm text-muted">No comments yet.</p>
      ) : (
        <ol className="space-y-3">
          {comments.map((comment) => (
            <li key={comment.id} className="rounded-lg bg-surface-muted px-3 py-2 text-sm">
              <div className="flex items-baseline gap-2">
                <span className="font-medium">{comment.author.name}</span>
                <time className="text-xs text-muted" dateTime={comment.createdAt}>
                  {formatWhen(comment.createdAt, now)}
                </time>
                {(comment.author.id === userId || role === 'owner') && (
                  <button
                    type="button"
                    className="btn-ghost ml-auto px-2 py-0.5 text-xs"
                    onClick={() => remove(comment)}
                    aria-label={`Delete the comment by ${comment.author.name}`}
                  >
                    Delete
                  </button>
                )}
              </div>
              <p className="mt-1 whitespace-pre-wrap break-words">{comment.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canWrite && (
        <form className="mt-3" onSubmit={submit} noValidate>
          <label className="sr-only" htmlFor={`${id}-body`}>
            Add a comment
          </label>
          <textarea
            id={`${id}-body`}
            className="field min-h-16"
            placeholder="Add a comment…"
            value={body}
            maxLength={MAX_BODY}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => setBody(e.target.value)}
            onKeyDown={(e) => {
              // Ctrl/⌘+Enter sends, as in other comment boxes; a plain Enter is a new line.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
            }}
          />
          {error && (
            <p id={`${id}-error`} className="mt-1 text-xs text-danger">
              {error}
            </p>
          )}
          <button type="submit" className="btn-secondary mt-2" disabled={sending}>
            {sending ? 'Sending…' : 'Comment'}
          </button>
        </form>
      )}
    </section>
  );
}
