// The raw baseline: plain node:http + postgres.js answering the benchmarked routes with the same SQL the API
// runs (same statements, same transactions, same NOTIFY) and the same auth cost (an HS256 access token verified
// with issuer, audience, expiry, type and id checks). No framework, no validation library, no logging.
//   DATABASE_URL=... JWT_SECRET=... PORT=8100 DB_POOL_MAX=10 node bench/raw-baseline.mjs
// DATABASE_POOL_MODE=transaction (DATABASE_URL is a transaction pooler): no prepared statements, as the API then.
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
    const rows = await sql`select * from tasks where user_id = ${userId} and deleted_at is null
                           order by created_at desc, id desc limit ${limit + 1}`;
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? Buffer.from(page.at(-1).id).toString('base64url') : null;
    return send(res, 200, { items: page.map(toTask), nextCursor });
  }
  if (url.pathname === '/api/v1/tasks' && req.method === 'POST') {
    const body = await readBody(req);
    if (typeof body.title !== 'string' || body.title.length === 0) return send(res, 400, { status: 400 });
    const { row, event } = await sql.begin(async (tx) => {
      const [row] = await tx`insert into tasks (user_id, title, description, completed, priority, tags)
        values (${userId}, ${body.title}, ${body.description ?? null}, false, ${body.priority ?? 'medium'},
                ${body.tags ?? []}) returning *`;
      const [ev] = await tx`insert into task_events (user_id, type, task_id)
        values (${userId}, 'task.created', ${row.id}) returning id`;
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
      const [row] =
        await sql`select * from tasks where id = ${id} and user_id = ${userId} and deleted_at is null`;
      return row ? send(res, 200, toTask(row)) : send(res, 404, { status: 404 });
    }
    if (req.method === 'PATCH') {
      const body = await readBody(req);
      const result = await sql.begin(async (tx) => {
        const [current] = await tx`select * from tasks where id = ${id} and user_id = ${userId}
                                   and deleted_at is null for update`;
        if (!current) return undefined;
        const [row] =
          await tx`update tasks set title = ${body.title ?? current.title}, updated_at = ${new Date()},
                               version = ${current.version + 1} where id = ${id} returning *`;
        const [ev] = await tx`insert into task_events (user_id, type, task_id)
          values (${userId}, 'task.updated', ${id}) returning id`;
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
