// Bytes saved by compression and conditional GETs, measured over HTTP against the production build on PostgreSQL.
//   DATABASE_SERVER_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/caching.mjs
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { buildApi, createDatabase, startApi } from './lib.mjs';

const SERVER = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const POLLS = Number(process.env.POLLS ?? 500);
const CHANGE_EVERY = Number(process.env.CHANGE_EVERY ?? 10);
const PORT = 8_650;
const base = `http://127.0.0.1:${PORT}`;

/** Raw bytes on the wire for the body (node:http does not decompress), plus status and headers. */
const get = (path, headers = {}) =>
  new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes }));
    });
    req.on('error', reject);
    req.end();
  });

const dist = buildApi();
const database = await createDatabase(SERVER, 'todo_bench');
let api;
try {
  api = await startApi(
    dist,
    { DATABASE_URL: database.url, JWT_SECRET: randomBytes(48).toString('base64url'), NODE_ENV: 'production' },
    { port: PORT },
  );
  const json = { 'content-type': 'application/json' };
  const session = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      email: `cache-${Date.now()}@example.com`,
      password: 'correct-horse-lamp-41',
      name: 'Cache',
    }),
  }).then((r) => r.json());
  const auth = { authorization: `Bearer ${session.accessToken}` };
  const ids = [];
  for (let i = 0; i < 50; i += 1) {
    const task = await fetch(`${base}/api/v1/tasks`, {
      method: 'POST',
      headers: { ...auth, ...json },
      body: JSON.stringify({
        title: `Task number ${i} with a realistic title`,
        description: i % 3 ? null : 'Some notes about this task, a sentence or two long.',
        tags: ['home', `tag${i % 7}`],
        priority: ['low', 'medium', 'high'][i % 3],
        dueAt: new Date(Date.now() + i * 86_400_000).toISOString(),
      }),
    }).then((r) => r.json());
    ids.push(task.id);
  }

  console.log('## compression, GET /api/v1/tasks?limit=50');
  for (const encoding of ['identity', 'gzip', 'br']) {
    const r = await get('/api/v1/tasks?limit=50', { ...auth, 'accept-encoding': encoding });
    console.log(
      JSON.stringify({
        encoding,
        status: r.status,
        contentEncoding: r.headers['content-encoding'] ?? 'none',
        bytes: r.bytes,
      }),
    );
  }
  const one = await get(`/api/v1/tasks/${ids[0]}`, { ...auth, 'accept-encoding': 'br, gzip' });
  console.log(
    JSON.stringify({
      what: 'one task (under the 1 KiB threshold)',
      contentEncoding: one.headers['content-encoding'] ?? 'none',
      bytes: one.bytes,
    }),
  );
  const stream = await new Promise((resolve, reject) => {
    const req = request(
      `${base}/api/v1/tasks/events`,
      { headers: { ...auth, 'accept-encoding': 'br, gzip' } },
      (res) => {
        resolve({
          status: res.statusCode,
          type: res.headers['content-type'],
          contentEncoding: res.headers['content-encoding'] ?? 'none',
        });
        req.destroy();
      },
    );
    req.on('error', (e) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
    req.end();
  });
  console.log(JSON.stringify({ what: 'event stream with Accept-Encoding: br, gzip', ...stream }));

  console.log(
    `## conditional GET: a client polling list and one task ${POLLS} times, a change every ${CHANGE_EVERY} polls`,
  );
  for (const path of ['/api/v1/tasks?limit=50', `/api/v1/tasks/${ids[1]}`]) {
    let etag;
    let notModified = 0;
    let withTags = 0;
    let without = 0;
    for (let i = 0; i < POLLS; i += 1) {
      if (i % CHANGE_EVERY === CHANGE_EVERY - 1) {
        await fetch(`${base}/api/v1/tasks/${ids[1]}`, {
          method: 'PATCH',
          headers: { ...auth, ...json },
          body: JSON.stringify({ title: `changed ${i}` }),
        });
      }
      const conditional = await get(path, {
        ...auth,
        'accept-encoding': 'br',
        ...(etag ? { 'if-none-match': etag } : {}),
      });
      if (conditional.status === 304) notModified += 1;
      etag = conditional.headers.etag ?? etag;
      withTags += conditional.bytes;
      without += (await get(path, { ...auth, 'accept-encoding': 'br' })).bytes;
    }
    console.log(
      JSON.stringify({
        path: path.replace(/[0-9a-f-]{36}/, '{id}'),
        polls: POLLS,
        rate304: +(notModified / POLLS).toFixed(3),
        bodyBytesWithEtag: withTags,
        bodyBytesWithout: without,
        saved: `${(100 * (1 - withTags / without)).toFixed(1)}%`,
      }),
    );
  }
} finally {
  await api?.stop();
  await database.drop();
}
