'use client';

import { lazy, Suspense, useRef, useState } from 'react';
import { Icon } from '@/components/ui/icons';
import { COLOR_DOT, type Project } from '@/lib/projects/store';

// The share dialog loads when someone opens it: in no page's first load.
const ShareDialog = lazy(() => import('./share-dialog'));
const ActivityDialog = lazy(() => import('./activity-dialog'));

/**
 * The project's name and, except on the Inbox (never shared), the button to the share dialog: "Share" for the
 * owner, "Members" for the others, with how many people share it.
 */
interface Props {
  project: Project;
  userId: string | null;
  /** The title of a task the page holds (activity entries name tasks by id). */
  titleOf: (taskId: string) => string | undefined;
}

export function ProjectHeader({ project, userId, titleOf }: Props) {
  const [sharing, setSharing] = useState(false);
  const [showActivity, setShowActivity] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const activityButton = useRef<HTMLButtonElement>(null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <h1 className="flex min-w-0 flex-1 items-center gap-3 text-2xl font-semibold tracking-tight break-words">
        <span
          aria-hidden="true"
          className={`h-3 w-3 shrink-0 rounded-full ${COLOR_DOT[project.color ?? 'none']}`}
        />
        {project.name}
      </h1>
      {!project.isInbox && userId ? (
        <button
          ref={button}
          type="button"
          className="btn-ghost min-h-11 gap-2 border border-border"
          aria-haspopup="dialog"
          onClick={() => setSharing(true)}
        >
          <Icon name="share" className="h-4 w-4" />
          {project.role === 'owner' ? 'Share' : 'Members'}
          {project.memberCount > 1 ? (
            <span className="text-sm text-muted">
              <span aria-hidden="true">{project.memberCount}</span>
              <span className="sr-only"> ({project.memberCount} members)</span>
            </span>
          ) : null}
        </button>
      ) : null}
      <button
        ref={activityButton}
        type="button"
        className="btn-ghost min-h-11 border border-border"
        aria-haspopup="dialog"
        onClick={() => setShowActivity(true)}
      >
        Activity
      </button>
      {showActivity ? (
        <Suspense fallback={null}>
          <ActivityDialog
            projectId={project.id}
            projectName={project.name}
            titleOf={titleOf}
            onClose={() => {
              setShowActivity(false);
              if (activityButton.current?.isConnected) activityButton.current.focus();
            }}
          />
        </Suspense>
      ) : null}
      {sharing && userId ? (
        <Suspense fallback={null}>
          <ShareDialog
            project={project}
            userId={userId}
            onClose={() => {
              setSharing(false);
              if (button.current?.isConnected) button.current.focus();
            }}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
