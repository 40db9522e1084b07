import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream, sleep } from '../realtime/sse-client.js';
import { signUp, type SignedInUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ISSUER = 'http://127.0.0.1:19310';
const REDIRECT = 'http://127.0.0.1:47123/callback';
const MCP_RESOURCE = `${ISSUER}/mcp`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

interface Tokens {
  access_token: string;
  refresh_token: string;
  scope: string;
  token_type: string;
}

describe('OAuth 2.1 for agents', () => {
  let sut: TestApp;
  let ada: SignedInUser;

  const register = (body: Record<string, unknown>) =>
    sut.http.post('/oauth/register').set('content-type', 'application/json').send(JSON.stringify(body));

  const registerClient = async () => {
    const response = await register({
      client_name: 'Test agent',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }).expect(201);
    return (response.body as { client_id: string }).client_id;
  };

  /** Authorization request → consent approved by Ada → the code the client receives. */
  const authorize = async (
    clientId: string,
    { challenge, resource = MCP_RESOURCE, scope = 'tasks:read tasks:write', approve = true } = {} as {
      challenge: string;
      resource?: string;
      scope?: string;
      approve?: boolean;
    },
  ) => {
    const browser = supertest.agent(sut.app.getHttpServer());
    const start = await browser.get('/oauth/authorize').query({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      scope,
      resource,
      state: 'xyz',
    });
    expect(start.status, start.text).toBe(303);
    const consent = new URL(start.headers.location!);
    expect(consent.pathname).toBe('/oauth/consent');
    const uid = consent.searchParams.get('uid')!;
    const pending = await sut.http.get(`/api/v1/oauth/consents/${uid}`).set(ada.auth).expect(200);
    const decided = await sut.http
      .post(`/api/v1/oauth/consents/${uid}`)
      .set(ada.auth)
      .send({ approve })
      .expect(200);
    const resume = new URL((decided.body as { redirectTo: string }).redirectTo);
    const finish = await browser.get(resume.pathname + resume.search);
    expect(finish.status, finish.text).toBe(303);
    const back = new URL(finish.headers.location!);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    return { pending: pending.body as Record<string, unknown>, back };
  };

  const exchange = (clientId: string, code: string, verifier: string, extra: Record<string, string> = {}) =>
    sut.http
      .post('/oauth/token')
      .type('form')
      .send(
        form({
          grant_type: 'authorization_code',
          client_id: clientId,
          code,
          redirect_uri: REDIRECT,
          code_verifier: verifier,
          ...extra,
        }),
      );

  const connect = async () => {
    const clientId = await registerClient();
    const { verifier, challenge } = pkce();
    const { back } = await authorize(clientId, { challenge });
    const tokens = await exchange(clientId, back.searchParams.get('code')!, verifier).expect(200);
    return { clientId, tokens: tokens.body as Tokens };
  };

  beforeAll(async () => {
    sut = await startTestApp({ PUBLIC_URL: ISSUER, WEB_URL: 'http://127.0.0.1:19311' });
    ada = await signUp(sut);
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('publishes RFC 9728 and RFC 8414 metadata naming the authorization server on the API origin', async () => {
    const root = await sut.http.get('/.well-known/oauth-protected-resource').expect(200);
    expect(root.body).toMatchObject({ resource: ISSUER, authorization_servers: [ISSUER] });
    const mcp = await sut.http.get('/.well-known/oauth-protected-resource/mcp').expect(200);
    expect(mcp.body).toMatchObject({ resource: MCP_RESOURCE, authorization_servers: [ISSUER] });
    const server = await sut.http.get('/.well-known/oauth-authorization-server').expect(200);
    expect(server.body).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/oauth/authorize`,
      token_endpoint: `${ISSUER}/oauth/token`,
      registration_endpoint: `${ISSUER}/oauth/register`,
      revocation_endpoint: `${ISSUER}/oauth/revoke`,
      code_challenge_methods_supported: ['S256'],
      client_id_metadata_document_supported: true,
    });
    // Exactly the personal-access-token scopes: no `openid` or `offline_access` (refresh comes with the grant type).
    expect(server.body.scopes_supported).toEqual(['tasks:read', 'tasks:write']);
    // Nothing advertised that is not served here.
    for (const absent of [
      'pushed_authorization_request_endpoint',
      'end_session_endpoint',
      'userinfo_endpoint',
    ]) {
      expect(server.body).not.toHaveProperty(absent);
    }
    expect(server.body).not.toHaveProperty('dpop_signing_alg_values_supported');
  });

  it('registers https and loopback redirect URIs and refuses others with 400', async () => {
    await registerClient();
    for (const uri of ['https://agent.example.com/cb', 'http://[::1]:9/cb']) {
      await register({ redirect_uris: [uri], token_endpoint_auth_method: 'none' }).expect(201);
    }
    for (const uri of [
      'http://agent.example.com/cb',
      'http://localhost:9/cb',
      'https://a.example/cb#x',
      'x',
    ]) {
      const refused = await register({ redirect_uris: [uri], token_endpoint_auth_method: 'none' }).expect(
        400,
      );
      expect(refused.body).toMatchObject({ error: 'invalid_redirect_uri' });
      expect(refused.body.error_description).toContain('redirect_uris[0]');
    }
  });

  it('runs the code flow with PKCE: the consent shows the client, its tokens work on /api/v1 and /mcp', async () => {
    const clientId = await registerClient();
    const { verifier, challenge } = pkce();
    const { pending, back } = await authorize(clientId, { challenge });
    expect(pending).toEqual({
      client: { id: clientId, name: 'Test agent' },
      redirectHost: '127.0.0.1:47123',
      scopes: ['tasks:read', 'tasks:write'],
    });
    expect(back.searchParams.get('iss')).toBe(ISSUER);
    const code = back.searchParams.get('code')!;
    const tokens = (await exchange(clientId, code, verifier).expect(200)).body as Tokens;
    expect(tokens.refresh_token).toBeTruthy();
    await sut.http
      .post('/api/v1/tasks')
      .set(bearer(tokens.access_token))
      .send({ title: 'From an agent' })
      .expect(201);
    await sut.http.get('/api/v1/tasks').set(bearer(tokens.access_token)).expect(200);
    // Sessions-only routes stay closed to agents' tokens.
    await sut.http.get('/api/v1/tokens').set(bearer(tokens.access_token)).expect(403);
    const listed = await fetchMcp(tokens.access_token, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(listed.status).toBe(200);
    // The code is single-use: replayed, it fails and the grant it opened is revoked.
    const replay = await exchange(clientId, code, verifier).expect(400);
    expect(replay.body).toMatchObject({ error: 'invalid_grant' });
    await sut.http.get('/api/v1/tasks').set(bearer(tokens.access_token)).expect(401);
  });

  it('refuses a wrong or missing PKCE verifier and a wrong redirect URI', async () => {
    const clientId = await registerClient();
    const { challenge } = pkce();
    const { back } = await authorize(clientId, { challenge });
    const code = back.searchParams.get('code')!;
    const wrong = await exchange(clientId, code, pkce().verifier).expect(400);
    expect(wrong.body).toMatchObject({ error: 'invalid_grant' });

    const second = pkce();
    const { back: again } = await authorize(clientId, { challenge: second.challenge });
    const missing = await sut.http
      .post('/oauth/token')
      .type('form')
      .send(
        form({
          grant_type: 'authorization_code',
          client_id: clientId,
          code: again.searchParams.get('code')!,
          redirect_uri: REDIRECT,
        }),
      )
      .expect(400);
    expect(missing.body.error).toMatch(/invalid_(grant|request)/);

    const badRedirect = await sut.http.get('/oauth/authorize').query({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:47123/elsewhere',
      code_challenge: second.challenge,
      code_challenge_method: 'S256',
      scope: 'tasks:read',
    });
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.body).toMatchObject({ error: 'invalid_redirect_uri' });
    const noPkce = await sut.http.get('/oauth/authorize').query({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'tasks:read',
    });
    expect(noPkce.status).toBe(303);
    expect(new URL(noPkce.headers.location!).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a token for another resource at the authorization server', async () => {
    const clientId = await registerClient();
    const start = await sut.http.get('/oauth/authorize').query({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      scope: 'tasks:read',
      resource: 'https://other.example/mcp',
    });
    expect(start.status).toBe(303);
    expect(new URL(start.headers.location!).searchParams.get('error')).toBe('invalid_target');
  });

  it('refuses at the token endpoint a resource other than the one the code was granted for', async () => {
    const clientId = await registerClient();
    const { verifier, challenge } = pkce();
    const { back } = await authorize(clientId, { challenge });
    const other = await exchange(clientId, back.searchParams.get('code')!, verifier, {
      resource: 'https://other.example/mcp',
    }).expect(400);
    expect(other.body).toMatchObject({ error: 'invalid_target' });
  });

  it('refuses on /mcp and /api/v1 a token whose audience is not this server', async () => {
    const { tokens } = await connect();
    const { oauthRecords } = await import('../../src/database/schema/index.js');
    // A token as another resource server would hold it: same store, foreign audience.
    await sut.database.db.execute(
      sql`update ${oauthRecords} set payload = jsonb_set(payload, '{aud}', '"https://other.example/mcp"')
          where model = 'AccessToken' and id = ${tokens.access_token}`,
    );
    const mcp = await fetchMcp(tokens.access_token, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(mcp.status).toBe(401);
    await sut.http.get('/api/v1/tasks').set(bearer(tokens.access_token)).expect(401);
  });

  it('rotates refresh tokens; a reused one revokes the grant', async () => {
    const { clientId, tokens } = await connect();
    const refresh = (token: string) =>
      sut.http
        .post('/oauth/token')
        .type('form')
        .send(form({ grant_type: 'refresh_token', client_id: clientId, refresh_token: token }));
    const rotated = (await refresh(tokens.refresh_token).expect(200)).body as Tokens;
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    await sut.http.get('/api/v1/tasks').set(bearer(rotated.access_token)).expect(200);
    const reused = await refresh(tokens.refresh_token).expect(400);
    expect(reused.body).toMatchObject({ error: 'invalid_grant' });
    await sut.http.get('/api/v1/tasks').set(bearer(rotated.access_token)).expect(401);
    await refresh(rotated.refresh_token).expect(400);
  });

  it('revoking the refresh token (RFC 7009) ends the whole grant', async () => {
    const { clientId, tokens } = await connect();
    await sut.http
      .post('/oauth/revoke')
      .type('form')
      .send(form({ client_id: clientId, token: tokens.refresh_token, token_type_hint: 'refresh_token' }))
      .expect(200);
    await sut.http.get('/api/v1/tasks').set(bearer(tokens.access_token)).expect(401);
  });

  it('refuses an expired access token', async () => {
    const { tokens } = await connect();
    await sut.http.get('/api/v1/tasks').set(bearer(tokens.access_token)).expect(200);
    // As if its hour had passed: both the record's expiry and the token's own `exp`.
    await sut.database.db.execute(sql`
      update oauth_records
      set expires_at = now() - interval '1 second',
          payload = jsonb_set(payload, '{exp}', to_jsonb(extract(epoch from now())::int - 1))
      where model = 'AccessToken'`);
    await sut.http.get('/api/v1/tasks').set(bearer(tokens.access_token)).expect(401);
    const mcp = await fetchMcp(tokens.access_token, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(mcp.status).toBe(401);
  });

  it('lists connected apps and revokes one at once', async () => {
    const { clientId, tokens } = await connect();
    const list = await sut.http.get('/api/v1/oauth/connections').set(ada.auth).expect(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ clientId, name: 'Test agent', scopes: ['tasks:read', 'tasks:write'] }),
    );
    await sut.http.get('/api/v1/oauth/connections').set(bearer(tokens.access_token)).expect(403);
    await sut.http.delete(`/api/v1/oauth/connections/${clientId}`).set(ada.auth).expect(204);
    await sut.http.get('/api/v1/tasks').set(bearer(tokens.access_token)).expect(401);
    await sut.http.delete(`/api/v1/oauth/connections/${clientId}`).set(ada.auth).expect(404);
  });

  it('answers 401 with resource_metadata on /mcp and /api/v1, and 403 insufficient_scope naming the scope', async () => {
    const mcp = await fetchMcp('not-a-token', { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(mcp.status).toBe(401);
    expect(mcp.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${ISSUER}/.well-known/oauth-protected-resource/mcp"`,
    );
    const api = await sut.http.get('/api/v1/tasks').expect(401);
    expect(api.headers['www-authenticate']).toBe(
      `Bearer resource_metadata="${ISSUER}/.well-known/oauth-protected-resource"`,
    );
    const clientId = await registerClient();
    const { verifier, challenge } = pkce();
    const { back } = await authorize(clientId, { challenge, scope: 'tasks:read' });
    const tokens = (await exchange(clientId, back.searchParams.get('code')!, verifier).expect(200))
      .body as Tokens;
    expect(tokens.scope).toBe('tasks:read');
    await sut.http.get('/api/v1/tasks').set(bearer(tokens.access_token)).expect(200);
    const denied = await sut.http
      .post('/api/v1/tasks')
      .set(bearer(tokens.access_token))
      .send({ title: 'Not allowed' })
      .expect(403);
    expect(denied.headers['www-authenticate']).toBe(
      `Bearer resource_metadata="${ISSUER}/.well-known/oauth-protected-resource", error="insufficient_scope", scope="tasks:write"`,
    );
    // On /mcp too, at the transport (never a 200 tool error), so the agent can step up.
    const read = await fetchMcp(tokens.access_token, {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'listTasks', arguments: {} },
    });
    expect(read.status).toBe(200);
    const write = await fetchMcp(tokens.access_token, {
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'createTask', arguments: { title: 'Not allowed' } },
    });
    expect(write.status).toBe(403);
    expect(write.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${ISSUER}/.well-known/oauth-protected-resource/mcp", error="insufficient_scope", scope="tasks:write"`,
    );
  });

  it('sends a declined consent back to the client as access_denied', async () => {
    const clientId = await registerClient();
    const { back } = await authorize(clientId, { challenge: pkce().challenge, approve: false });
    expect(back.searchParams.get('error')).toBe('access_denied');
  });

  it('refuses a client ID metadata document URL on a private or loopback address without fetching it', async () => {
    for (const clientId of [
      'https://localhost/agent.json',
      'https://127.0.0.1:9/agent.json',
      'https://[::1]/a.json',
    ]) {
      const refused = await sut.http.get('/oauth/authorize').query({
        client_id: clientId,
        response_type: 'code',
        redirect_uri: 'https://agent.example/cb',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
        scope: 'tasks:read',
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        error: 'invalid_client',
        error_description: 'client_id metadata document fetch not allowed',
      });
    }
  });

  it('fetches a loopback metadata document only for a host the operator listed in OAUTH_CIMD_ALLOW_PRIVATE_HOSTS', async () => {
    const optedIn = await startTestApp({ PUBLIC_URL: ISSUER, OAUTH_CIMD_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });
    try {
      const attempt = (clientId: string) =>
        optedIn.http.get('/oauth/authorize').query({
          client_id: clientId,
          response_type: 'code',
          redirect_uri: 'https://agent.example/cb',
          code_challenge: pkce().challenge,
          code_challenge_method: 'S256',
          scope: 'tasks:read',
        });
      // Listed: the fetch is attempted (nothing listens on that port, so it fails, but it is no longer refused).
      const listed = await attempt('https://127.0.0.1:15099/agent.json');
      expect(listed.status).toBe(400);
      expect(listed.body).toMatchObject({
        error: 'invalid_client',
        error_description: 'client_id metadata document fetch failed',
      });
      // Not listed, though loopback too: refused before any fetch, as without the opt-in.
      for (const clientId of ['https://localhost:15099/agent.json', 'https://[::1]:15099/agent.json']) {
        const refused = await attempt(clientId);
        expect(refused.body).toMatchObject({
          error_description: 'client_id metadata document fetch not allowed',
        });
      }
    } finally {
      await optedIn.close();
    }
  });

  it('ends the event streams an app opened, at once, when the person revokes it', async () => {
    const { clientId, tokens } = await connect();
    const stream = await openStream(
      `${await baseUrl()}/api/v1/tasks/events`,
      { authorization: `Bearer ${tokens.access_token}` },
      { agent: false },
    );
    expect(stream.status).toBe(200);
    await sut.http.delete(`/api/v1/oauth/connections/${clientId}`).set(ada.auth).expect(204);
    // Well before the heartbeat's recheck (20 s by default) would notice: the revocation's own notification.
    await Promise.race([
      stream.ended,
      sleep(5000).then(() => Promise.reject(new Error('stream still open'))),
    ]);
    expect(stream.events.at(-1)).toMatchObject({ event: 'reauthenticate', data: { reason: 'revoked' } });
  });

  async function baseUrl() {
    const server = sut.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  async function fetchMcp(token: string, message: unknown) {
    return fetch(`${await baseUrl()}/mcp`, {
      method: 'POST',
      headers: {
        ...bearer(token),
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify(message),
    });
  }
});

describe('OAuth endpoint rate limits', () => {
  it('limits a registration flood per client address with 429 and Retry-After', async () => {
    const sut = await startTestApp({ RATE_LIMIT_ENABLED: 'true', OAUTH_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const register = () =>
        sut.http
          .post('/oauth/register')
          .set('content-type', 'application/json')
          .send(JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }));
      for (let i = 0; i < 3; i++) await register().expect(201);
      const limited = await register().expect(429);
      expect(limited.body).toMatchObject({ error: 'slow_down' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Each endpoint has its own window: the token endpoint still answers.
      await sut.http.post('/oauth/token').type('form').send('grant_type=refresh_token').expect(400);
    } finally {
      await sut.close();
    }
  });
});
