-- Live events for every member of a project, not just its owner: each event names its project, and events that are
-- not about a task (a member joined, a comment) name their subject. Safe while the previous release keeps serving:
-- nullable columns without defaults are catalogue-only changes, and dropping NOT NULL scans nothing; the old
-- release never reads the new columns and always writes task_id.
SET LOCAL lock_timeout = '5s';--> statement-breakpoint
ALTER TABLE "task_events" ALTER COLUMN "task_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "task_events" ADD COLUMN "project_id" uuid;--> statement-breakpoint
ALTER TABLE "task_events" ADD COLUMN "subject_id" uuid;
