// The raw baseline: plain node:http + postgres.js answering the benchmarked routes with the same SQL the API
// runs (same statements, same transactions, same NOTIFY; kept in step with the API: since sharing, reads and
// writes go through project membership and every write logs its activity) and the same auth cost (an HS256 access token verified
// with issuer, audience, expiry, type and id checks). No framework, no validation library, no logging.
//   DATABASE_URL=... JWT_SECRET=... PORT=8100 DB_POOL_MAX=10 node bench/raw-baseline.mjs
// DATABASE_POOL_MODE=transaction (DATABASE_URL is a transaction pooler): no prepared statements and no pipelining,
// as the API then.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../backend/package.json', import.meta.url));
const postgres = require('postgres');

const { DATABASE_URL, JWT_SECRET, PORT = '8100', DB_POOL_MAX = '10', DATABASE_POOL_MODE } = process.env;
const ISSUER = process.env.JWT_ISSUER ?? 'todo-api';
const AUDIENCE = process.env.JWT_AUDIENCE ?? 'todo-clients';
const sql = postgres(DATABASE_URL, {
  max: Number(DB_POOL_MAX),
  onnotice: () => undefined,
  idle_timeout: 60,
  prepare: DATABASE_POOL_MODE !== 'transaction',
  // Nothing pipelined behind a transaction pooler either (why: backend/src/database/database-client.ts).
  ...(DATABASE_POOL_MODE === 'transaction' ? { max_pipeline: 0 } : {}),
});
const key = Buffer.from(JWT_SECRET);

function verify(header) {
  const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
  if (!token) return undefined;
  const [h, p, s] = token.split('.');
  if (!s) return undefined;
  const expected = createHmac('sha256', key).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const head = JSON.parse(Buffer.from(h, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  if (head.alg !== 'HS256' || claims.iss !== ISSUER || claims.aud !== AUDIENCE) return undefined;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return undefined;
  if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !claims.jti) return undefined;
  return claims.sub;
}

const iso = (d) => (d ? d.toISOString() : null);
const toTask = (r) => ({
  id: r.id,
  title: r.title,
  description: r.description,
  completed: r.completed,
  completedAt: iso(r.completed_at),
  priority: r.priority,
  tags: r.tags,
  dueAt: iso(r.due_at),
  remindAt: iso(r.remind_at),
  recurrence: r.recurrence,
  projectId: r.project_id,
  sectionId: r.section_id,
  parentId: r.parent_id,
  position: r.position,
  assigneeId: r.assignee_id,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  version: r.version,
});

function send(res, status, body, extra = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extra });
  res.end(text);
}
const readBody = (req) =>
  new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data ? JSON.parse(data) : {}));
    req.on('error', reject);
  });
// Each person's Inbox id, looked up once (the API keeps it the same way).
const inboxes = new Map();
async function inboxOf(userId) {
  let id = inboxes.get(userId);
  if (!id) {
    [{ id }] = await sql`select id from projects where owner_id = ${userId} and is_inbox`;
    inboxes.set(userId, id);
  }
  return id;
}
// A position after every earlier one without reading the last (the API appends the same way).
const nextPosition = () => `a${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
// The task's event and its activity entry, in one statement (as the API writes them).
const recordEvent = (tx, userId, type, taskId, changes) =>
  tx`with logged as (insert into activity (project_id, actor_id, action, task_id, changes)
       values ((select project_id from tasks where id = ${taskId}), ${userId}, ${type}, ${taskId}, ${changes}::jsonb))
     insert into task_events (user_id, type, task_id, project_id)
     values (${userId}, ${type}, ${taskId}, (select project_id from tasks where id = ${taskId})) returning id`;
const notify = (event) => sql.notify('task_events', JSON.stringify(event)).catch(() => undefined);
let migrated = false;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function handle(req, res) {
  const url = new URL(req.url, 'http://raw');
  if (url.pathname === '/health/ready') {
    // Like the API: a ping every time, the migration check until it has once succeeded.
    await sql`select 1`;
    if (!migrated) {
      await sql`select max(created_at)::text as latest from drizzle.__drizzle_migrations`;
      migrated = true;
    }
    return send(res, 200, {
      status: 'ok',
      info: { lifecycle: { status: 'up' }, database: { status: 'up' } },
    });
  }
  const userId = verify(req.headers.authorization);
  if (!userId) return send(res, 401, { status: 401 });
  if (url.pathname === '/api/v1/tasks' && req.method === 'GET') {
    const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 50));
    // Every project the caller is a member of, as the API reads it (tasks.repository.ts, listPage).
    const rows = await sql`select * from (
        (select * from tasks where user_id = ${userId}
           and (project_id = any(array(select project_id from project_members where user_id = ${userId}))) is true
           and deleted_at is null order by created_at desc, id desc limit ${limit + 1})
        union all
        (select t.* from project_members m join projects p on p.id = m.project_id and not p.is_inbox
          cross join lateral (select * from tasks where project_id = m.project_id and user_id <> ${userId}
            and deleted_at is null order by created_at desc, id desc limit ${limit + 1}) t
          where m.user_id = ${userId})
      ) visible order by created_at desc, id desc limit ${limit + 1}`;
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? Buffer.from(page.at(-1).id).toString('base64url') : null;
    return send(res, 200, { items: page.map(toTask), nextCursor });
  }
  if (url.pathname === '/api/v1/tasks' && req.method === 'POST') {
    const body = await readBody(req);
    if (typeof body.title !== 'string' || body.title.length === 0) return send(res, 400, { status: 400 });
    const projectId = await inboxOf(userId);
    const { row, event } = await sql.begin(async (tx) => {
      const [row] =
        await tx`insert into tasks (user_id, title, description, completed, priority, tags, project_id,
                                                position, created_by)
        values (${userId}, ${body.title}, ${body.description ?? null}, false, ${body.priority ?? 'medium'},
                ${body.tags ?? []}, ${projectId}, ${nextPosition()}, ${userId}) returning *`;
      const [ev] = await recordEvent(tx, userId, 'task.created', row.id, '{}');
      return { row, event: { id: Number(ev.id), userId, type: 'task.created', taskId: row.id } };
    });
    await notify(event);
    return send(res, 201, toTask(row), { location: `/api/v1/tasks/${row.id}` });
  }
  const match = /^\/api\/v1\/tasks\/([^/]+)$/.exec(url.pathname);
  if (match) {
    const id = match[1];
    if (!UUID.test(id)) return send(res, 400, { status: 400 });
    if (req.method === 'GET') {
      const [row] = await sql`select t.*, m.role as member_role from tasks t
        join project_members m on m.project_id = t.project_id and m.user_id = ${userId}
        where t.id = ${id} and t.deleted_at is null`;
      return row ? send(res, 200, toTask(row)) : send(res, 404, { status: 404 });
    }
    if (req.method === 'PATCH') {
      const body = await readBody(req);
      const result = await sql.begin(async (tx) => {
        const [current] = await tx`select t.*, m.role as member_role from tasks t
          join project_members m on m.project_id = t.project_id and m.user_id = ${userId}
          where t.id = ${id} and t.deleted_at is null for update of t`;
        if (!current || current.member_role === 'viewer') return undefined;
        const title = body.title ?? current.title;
        const changes = title === current.title ? {} : { title: { from: current.title, to: title } };
        const [ev] = await recordEvent(tx, userId, 'task.updated', id, JSON.stringify(changes));
        const [row] = await tx`update tasks set title = ${title}, updated_at = ${new Date()},
                               version = ${current.version + 1} where id = ${id} returning *`;
        return { row, event: { id: Number(ev.id), userId, type: 'task.updated', taskId: id } };
      });
      if (!result) return send(res, 404, { status: 404 });
      await notify(result.event);
      return send(res, 200, toTask(result.row));
    }
  }
  return send(res, 404, { status: 404 });
}

createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, { status: 500 });
  });
}).listen(Number(PORT), '127.0.0.1', () => console.log(`raw baseline on :${PORT}`));
process.on('SIGTERM', () => sql.end({ timeout: 2 }).then(() => process.exit(0)));
