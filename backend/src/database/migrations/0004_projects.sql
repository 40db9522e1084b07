-- Projects, sections and subtasks: the expand step. Safe while the previous release keeps serving: new tables,
-- nullable columns (no table rewrite), constraints on tasks added NOT VALID (no scan), and a trigger that files the
-- previous release's inserts (which send no project_id) into their owner's Inbox. The backfill of existing tasks,
-- the tasks indexes (built CONCURRENTLY) and VALIDATE CONSTRAINT run after this transaction, in short batches:
-- backend/src/database/projects-backfill.ts.
-- Trigram search index (built with the others after the backfill); a trusted extension since PostgreSQL 13.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TYPE "public"."project_color" AS ENUM('red', 'orange', 'yellow', 'green', 'teal', 'blue', 'violet', 'pink', 'grey');
--> statement-breakpoint
CREATE TYPE "public"."project_role" AS ENUM('owner', 'editor', 'viewer');
--> statement-breakpoint
CREATE TABLE "project_members" (
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "project_role" NOT NULL,
	"joined_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_members_project_id_user_id_pk" PRIMARY KEY("project_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"color" "project_color",
	"is_inbox" boolean DEFAULT false NOT NULL,
	"position" text COLLATE "C" NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" text COLLATE "C" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "project_id" uuid;
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "section_id" uuid;
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "parent_id" uuid;
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "position" text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "assignee_id" uuid;
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "created_by" uuid;
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "trashed_with_id" uuid;
--> statement-breakpoint
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "project_members_user_idx" ON "project_members" USING btree ("user_id","project_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "projects_one_inbox_idx" ON "projects" USING btree ("owner_id") WHERE "projects"."is_inbox";
--> statement-breakpoint
CREATE INDEX "projects_owner_trash_idx" ON "projects" USING btree ("owner_id","deleted_at","id") WHERE "projects"."deleted_at" is not null;
--> statement-breakpoint
CREATE INDEX "sections_project_position_idx" ON "sections" USING btree ("project_id","position","id");
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action NOT VALID;
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE set null ON UPDATE no action NOT VALID;
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_parent_id_tasks_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action NOT VALID;
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action NOT VALID;
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action NOT VALID;
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_project_id_not_null" CHECK ("tasks"."project_id" is not null) NOT VALID;
--> statement-breakpoint
-- A fractional-indexing key (integer part of 8 base-62 digits, head 'h') from an instant's milliseconds: tasks
-- filed by the previous release and by the backfill sort by creation, after keys the API hands out from 'a0'.
CREATE FUNCTION todo_instant_position(at timestamptz) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  digits CONSTANT text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  n bigint := floor(extract(epoch FROM at) * 1000)::bigint;
  key text := '';
BEGIN
  FOR i IN 1..8 LOOP
    key := substr(digits, (n % 62)::int + 1, 1) || key;
    n := n / 62;
  END LOOP;
  RETURN 'h' || key;
END $$;
--> statement-breakpoint
-- The one rule for "every person has exactly one Inbox": finds it, or creates it with its owner membership.
CREATE FUNCTION todo_inbox_of(owner uuid) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
  inbox uuid;
BEGIN
  SELECT id INTO inbox FROM projects WHERE owner_id = owner AND is_inbox;
  IF inbox IS NOT NULL THEN RETURN inbox; END IF;
  INSERT INTO projects (owner_id, name, is_inbox, position) VALUES (owner, 'Inbox', true, 'a0')
    ON CONFLICT (owner_id) WHERE is_inbox DO NOTHING RETURNING id INTO inbox;
  IF inbox IS NULL THEN
    SELECT id INTO inbox FROM projects WHERE owner_id = owner AND is_inbox;
    RETURN inbox;
  END IF;
  INSERT INTO project_members (project_id, user_id, role) VALUES (inbox, owner, 'owner') ON CONFLICT DO NOTHING;
  RETURN inbox;
END $$;
--> statement-breakpoint
CREATE FUNCTION todo_users_create_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM todo_inbox_of(NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Created with the account, whichever release registers it.
CREATE TRIGGER users_create_inbox AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION todo_users_create_inbox();
--> statement-breakpoint
CREATE FUNCTION todo_tasks_fill_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.project_id := todo_inbox_of(NEW.user_id);
  NEW.position := coalesce(NEW.position, todo_instant_position(NEW.created_at));
  NEW.created_by := coalesce(NEW.created_by, NEW.user_id);
  RETURN NEW;
END $$;
--> statement-breakpoint
-- The previous release's inserts carry no project_id: they land in the owner's Inbox, last. Its updates of a row
-- the backfill has not reached yet file that row too (the NOT VALID check still applies to every new row version).
CREATE TRIGGER tasks_fill_project BEFORE INSERT OR UPDATE ON tasks FOR EACH ROW WHEN (NEW.project_id IS NULL)
  EXECUTE FUNCTION todo_tasks_fill_project();
