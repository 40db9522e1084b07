// The built API (BENCH_API_DIST) as main.js starts it, plus two more ways into the same get by id, for
// bench/framework-cost.mjs. Never part of the product: it only regroups the API's own pieces.
//   PORT: the API, with `GET /framework-cost/tasks/:id` added as a plain Fastify route on its instance (every hook
//         the API registers still runs; Nest's router, guard and pipes do not).
//   BARE_PORT: a Fastify instance without any hook, answering `GET /api/v1/tasks/:id` from the same objects.
// Both extra routes check the bearer token with the API's own AuthGuard.authenticate and read with its own
// TasksService.get: the same token cache, membership query, prepared statement and wire mapping.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.BENCH_API_DIST;
if (!dist) throw new Error('BENCH_API_DIST: the built API folder (bench/lib.mjs buildApi())');
const backendRequire = createRequire(join(dist, '..', 'package.json'));
// As main.ts does before anything decorated loads.
backendRequire('reflect-metadata');
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const [{ AppConfig }, { createApp }, { AuthGuard, bearerOf }, { TasksService }] = await Promise.all([
  load('config/app-config.js'),
  load('app.setup.js'),
  load('auth/auth.guard.js'),
  load('tasks/tasks.service.js'),
]);
const Fastify = backendRequire('fastify');

const app = await createApp(AppConfig.fromEnvironment());
const guard = app.get(AuthGuard);
const tasks = app.get(TasksService);

async function getTask(request, reply) {
  const principal = await guard.authenticate(bearerOf(request));
  if (!principal) return reply.code(401).send({ status: 401 });
  return tasks.get(principal.userId, request.params.id);
}

app.getHttpAdapter().getInstance().get('/framework-cost/tasks/:id', getTask);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
const bare = Fastify();
bare.get('/api/v1/tasks/:id', getTask);
await bare.listen({ port: Number(process.env.BARE_PORT), host: '127.0.0.1' });
const stop = () => Promise.all([app.close(), bare.close()]).then(() => process.exit(0));
process.once('SIGTERM', () => void stop());
