import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../lib/api-process.mjs';
import { ROOT, startWeb } from '../lib/stack.mjs';
import { findTool } from '../lib/system-tools.mjs';
import { createDatabase, type ThrowawayDatabase } from '../lib/throwaway-database.mjs';
import { roundRobin } from './support/round-robin.ts';

/**
 * Issue 18's "done when": an agent given only the /mcp URL connects through the MCP SDK's own OAuth client —
 * discovery, dynamic registration, the consent approved in Chromium on the real web app, token, tool calls,
 * refresh, revocation in Settings, then 401 — while its calls land on two API processes in turn (one database).
 * The same again with a client ID metadata document: the agent's client_id is an https URL (served here on
 * loopback with a certificate made for the test, which the APIs trust through NODE_EXTRA_CA_CERTS; loopback is
 * fetched only because the APIs run with OAUTH_CIMD_ALLOW_PRIVATE_HOSTS=127.0.0.1).
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const chromiumPath = findTool('chromium');
const built =
  existsSync(join(ROOT, 'backend/dist/main.js')) &&
  existsSync(join(ROOT, 'frontend/.next/standalone/frontend/server.js'));
// OAUTH_AGENT_TEST_PORTS moves the block of six ports, for checkouts that run this test side by side.
const BASE_PORT = Number(process.env.OAUTH_AGENT_TEST_PORTS ?? 19340);
const PORTS = {
  proxy: BASE_PORT,
  web: BASE_PORT + 1,
  callback: BASE_PORT + 2,
  apis: [BASE_PORT + 3, BASE_PORT + 4],
  metadata: BASE_PORT + 5,
};
const API_ORIGIN = `http://127.0.0.1:${PORTS.proxy}`;
const WEB_ORIGIN = `http://127.0.0.1:${PORTS.web}`;
const REDIRECT = `http://127.0.0.1:${PORTS.callback}/callback`;
const PASSWORD = 'correct horse battery staple';

const METADATA_URL = `https://127.0.0.1:${PORTS.metadata}/agents/issue-18.json`;
const CIMD_NAME = 'Issue 18 agent by URL';

/** The agent's side: what the SDK asks an OAuth client to keep, and the browser it sends the person to. */
class AgentAuth implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = '';
  authorizationUrl?: URL;

  /** With a URL, the SDK uses it as client_id (when the server supports metadata documents) instead of registering. */
  constructor(readonly clientMetadataUrl?: string) {}

  get redirectUrl() {
    return REDIRECT;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Issue 18 agent',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(client: OAuthClientInformationMixed) {
    this.client = client;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

const mcpUrl = new URL(`${API_ORIGIN}/mcp`);

async function connect(auth: AgentAuth): Promise<Client> {
  const client = new Client({ name: 'issue-18-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: auth }));
  return client;
}

/** A certificate for 127.0.0.1, made for this run (openssl), and the https server of the agent's metadata document. */
function serveMetadataDocument(dir: string): Server {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const document = JSON.stringify({
    client_id: METADATA_URL,
    client_name: CIMD_NAME,
    redirect_uris: [REDIRECT],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  });
  return createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    if (req.url !== new URL(METADATA_URL).pathname) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' }).end(document);
  });
}

/** One tools/call by hand: the status and WWW-Authenticate a revoked token meets. */
const rawToolsList = (token: string) =>
  fetch(mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });

describe.skipIf(!serverUrl || !chromiumPath || !built)(
  'a hosted agent connects with the /mcp URL alone',
  () => {
    let database: ThrowawayDatabase;
    let certificates: string;
    let metadataServer: Server;
    let metadataFetches = 0;
    const apis: Awaited<ReturnType<typeof startApi>>[] = [];
    let web: ReturnType<typeof startWeb>;
    let proxy: Server;
    let browser: Browser;
    let page: Page;
    const hits = [0, 0];
    const email = `agent-owner-${randomBytes(4).toString('hex')}@example.test`;

    beforeAll(async () => {
      database = await createDatabase(serverUrl!, 'todo_oauth');
      certificates = mkdtempSync(join(tmpdir(), 'oauth-agent-'));
      metadataServer = serveMetadataDocument(certificates).listen(PORTS.metadata, '127.0.0.1');
      metadataServer.on('request', () => (metadataFetches += 1));
      await once(metadataServer, 'listening');
      const gatewaySecret = randomBytes(32).toString('base64url');
      const env = {
        DATABASE_URL: database.url,
        JWT_SECRET: randomBytes(48).toString('base64url'),
        GATEWAY_SECRET: gatewaySecret,
        PUBLIC_URL: API_ORIGIN,
        WEB_URL: WEB_ORIGIN,
        // Only for the metadata document on loopback; every other private address stays refused.
        OAUTH_CIMD_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        NODE_EXTRA_CA_CERTS: join(certificates, 'cert.pem'),
      };
      const dist = join(ROOT, 'backend/dist');
      // The first migrates; the second starts on the migrated database.
      apis.push(await startApi(dist, env, { port: PORTS.apis[0] }));
      apis.push(await startApi(dist, { ...env, DB_MIGRATE_ON_START: 'false' }, { port: PORTS.apis[1] }));
      proxy = roundRobin(PORTS.apis, hits).listen(PORTS.proxy, '127.0.0.1');
      await once(proxy, 'listening');
      web = startWeb({ webPort: PORTS.web, backendUrl: API_ORIGIN, gatewaySecret, quiet: true });
      await web.ready();
      const registered = await fetch(`${API_ORIGIN}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD, name: 'Ada' }),
      });
      expect(registered.status).toBe(201);
      browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
      page = await browser.newPage();
    });

    afterAll(async () => {
      await browser?.close();
      await web?.stop();
      await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
      await Promise.all(apis.map((api) => api.stop()));
      await database?.drop();
      await new Promise((resolve) => (metadataServer ? metadataServer.close(resolve) : resolve(undefined)));
      if (certificates) rmSync(certificates, { recursive: true, force: true });
    });

    it('discovers, registers, gets consent in the web app, calls tools, refreshes, and is cut off by a revoke', async () => {
      const auth = new AgentAuth();
      // 1. From the URL alone: the SDK meets 401, discovers the server, registers and asks for authorization.
      await expect(connect(auth)).rejects.toThrow(/unauthorized/i);
      expect(auth.client?.client_id).toBeTruthy();
      const authorizationUrl = auth.authorizationUrl!;
      expect(authorizationUrl.origin).toBe(API_ORIGIN);
      expect(authorizationUrl.searchParams.get('resource')).toBe(mcpUrl.href);
      expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');

      // 2. The person: not signed in yet, so sign-in first, then back on the pending consent (not the board).
      let callback: URL | undefined;
      await page.route(`${REDIRECT}**`, async (route) => {
        callback = new URL(route.request().url());
        await route.fulfill({ status: 200, contentType: 'text/plain', body: 'You can close this window.' });
      });
      await page.goto(authorizationUrl.href);
      await page.waitForURL(/\/login\?/);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/oauth\/consent\?uid=/);
      await expect.poll(() => page.getByTestId('client-name').textContent()).toBe('Issue 18 agent');
      expect(await page.getByTestId('redirect-host').textContent()).toBe(`127.0.0.1:${PORTS.callback}`);
      expect(await page.getByRole('list', { name: 'What the app may do' }).textContent()).toContain(
        'See your tasks',
      );
      await page.getByRole('button', { name: 'Approve' }).click();
      await expect.poll(() => callback?.searchParams.get('code'), { timeout: 15_000 }).toBeTruthy();
      expect(callback!.searchParams.get('iss')).toBe(API_ORIGIN);

      // 3. Token, then tool calls spread over both API processes.
      const finishing = new StreamableHTTPClientTransport(mcpUrl, { authProvider: auth });
      await finishing.finishAuth(callback!.searchParams.get('code')!);
      expect(auth.saved?.refresh_token).toBeTruthy();
      const client = await connect(auth);
      const before = [...hits];
      const tools = await client.listTools();
      expect(tools.tools.map((tool) => tool.name)).toContain('createTask');
      for (let i = 0; i < 4; i++) {
        const created = await client.callTool({
          name: 'createTask',
          arguments: { title: `Agent task ${i}` },
        });
        expect(created.isError).toBeFalsy();
      }
      const listed = await client.callTool({ name: 'listTasks', arguments: {} });
      expect(JSON.stringify(listed.content)).toContain('Agent task 3');
      expect(hits[0]! - before[0]!).toBeGreaterThan(0);
      expect(hits[1]! - before[1]!).toBeGreaterThan(0);

      // 4. Refresh: with its access token gone stale, the SDK refreshes (rotating the refresh token) and goes on.
      const firstRefresh = auth.saved!.refresh_token;
      auth.saved = { ...auth.saved!, access_token: 'stale-access-token-00000000000000000' };
      const again = await connect(auth);
      expect((await again.callTool({ name: 'whoami', arguments: {} })).isError).toBeFalsy();
      expect(auth.saved.refresh_token).not.toBe(firstRefresh);
      const token = auth.saved.access_token;

      // 5. The person revokes the app in Settings; its token stops at once, on both processes.
      await page.goto(`${WEB_ORIGIN}/settings`);
      await page.getByRole('button', { name: 'Revoke Issue 18 agent' }).click();
      await expect.poll(() => page.getByTestId('connected-app').count()).toBe(0);
      for (let i = 0; i < 2; i++) {
        const refused = await fetch(mcpUrl, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        });
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toBe(
          `Bearer resource_metadata="${API_ORIGIN}/.well-known/oauth-protected-resource/mcp"`,
        );
      }
      await expect(again.callTool({ name: 'whoami', arguments: {} })).rejects.toThrow();
    });

    it('does the same with a client ID metadata document: an https URL as client_id, no registration', async () => {
      const auth = new AgentAuth(METADATA_URL);
      const registrationsBefore = await fetch(`${API_ORIGIN}/.well-known/oauth-authorization-server`).then(
        (response) => response.json() as Promise<{ client_id_metadata_document_supported?: boolean }>,
      );
      expect(registrationsBefore.client_id_metadata_document_supported).toBe(true);
      // 1. From the URL alone: discovery, then the SDK names its document's URL as client_id instead of registering.
      await expect(connect(auth)).rejects.toThrow(/unauthorized/i);
      expect(auth.client?.client_id).toBe(METADATA_URL);
      const authorizationUrl = auth.authorizationUrl!;
      expect(authorizationUrl.searchParams.get('client_id')).toBe(METADATA_URL);

      // 2. A person who has not signed in in this browser: sign-in, then the consent names the document's client.
      const context = await browser.newContext();
      const person = await context.newPage();
      let callback: URL | undefined;
      await person.route(`${REDIRECT}**`, async (route) => {
        callback = new URL(route.request().url());
        await route.fulfill({ status: 200, contentType: 'text/plain', body: 'You can close this window.' });
      });
      await person.goto(authorizationUrl.href);
      await person.waitForURL(/\/login\?/);
      await person.getByLabel('Email').fill(email);
      await person.getByLabel('Password').fill(PASSWORD);
      await person.getByRole('button', { name: 'Sign in' }).click();
      await person.waitForURL(/\/oauth\/consent\?uid=/);
      await expect.poll(() => person.getByTestId('client-name').textContent()).toBe(CIMD_NAME);
      expect(await person.getByTestId('redirect-host').textContent()).toBe(`127.0.0.1:${PORTS.callback}`);
      await person.getByRole('button', { name: 'Approve' }).click();
      await expect.poll(() => callback?.searchParams.get('code'), { timeout: 15_000 }).toBeTruthy();
      expect(metadataFetches).toBeGreaterThan(0);

      // 3. Token, then the batch and filter tools, over both API processes.
      await new StreamableHTTPClientTransport(mcpUrl, { authProvider: auth }).finishAuth(
        callback!.searchParams.get('code')!,
      );
      expect(auth.saved?.refresh_token).toBeTruthy();
      const client = await connect(auth);
      await client.listTools();
      const before = [...hits];
      const created = await client.callTool({
        name: 'createTasks',
        arguments: {
          tasks: [
            { title: 'By URL one', tags: ['cimd'] },
            { title: 'By URL two', tags: ['cimd'] },
          ],
        },
      });
      expect(created.isError).toBeFalsy();
      expect(created.structuredContent).toMatchObject({ written: true });
      for (let i = 0; i < 3; i++) {
        const found = await client.callTool({ name: 'findTasks', arguments: { tag: 'cimd', sort: 'title' } });
        expect((found.structuredContent as { items: { title: string }[] }).items.map((t) => t.title)).toEqual(
          ['By URL one', 'By URL two'],
        );
      }
      expect(hits[0]! - before[0]!).toBeGreaterThan(0);
      expect(hits[1]! - before[1]!).toBeGreaterThan(0);

      // 4. Refresh, as with a registered client.
      const firstRefresh = auth.saved!.refresh_token;
      auth.saved = { ...auth.saved!, access_token: 'stale-access-token-00000000000000000' };
      const again = await connect(auth);
      expect((await again.callTool({ name: 'whoami', arguments: {} })).isError).toBeFalsy();
      expect(auth.saved.refresh_token).not.toBe(firstRefresh);

      // 5. Revoked in Settings under the document's name: 401 on both processes.
      await person.goto(`${WEB_ORIGIN}/settings`);
      await person.getByRole('button', { name: `Revoke ${CIMD_NAME}` }).click();
      await expect.poll(() => person.getByRole('button', { name: `Revoke ${CIMD_NAME}` }).count()).toBe(0);
      for (let i = 0; i < 2; i++) {
        const refused = await rawToolsList(auth.saved.access_token);
        expect(refused.status).toBe(401);
      }
      await context.close();
    });

    it('still refuses a loopback metadata URL whose host the operator did not list', async () => {
      const refused = await fetch(
        `${API_ORIGIN}/oauth/authorize?${new URLSearchParams({
          client_id: `https://localhost:${PORTS.metadata}/agents/issue-18.json`,
          response_type: 'code',
          redirect_uri: REDIRECT,
          code_challenge: 'x'.repeat(43),
          code_challenge_method: 'S256',
          scope: 'tasks:read',
        })}`,
        { redirect: 'manual' },
      );
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        error: 'invalid_client',
        error_description: 'client_id metadata document fetch not allowed',
      });
    });
  },
);
