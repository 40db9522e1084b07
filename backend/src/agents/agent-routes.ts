import { Injectable, Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthGuard, bearerOf } from '../auth/auth.guard.js';
import { Unauthorized } from '../common/app-errors.js';
import { assertPermitted } from '../common/principal.js';
import { sendProblem } from '../common/send-problem.js';
import { ProjectsService } from '../projects/projects.service.js';
import { SectionsService } from '../sections/sections.service.js';
import { TaskQuota } from '../tasks/task-quota.js';
import { TasksService } from '../tasks/tasks.service.js';
import { WriteLimiter } from '../throttling/write-limits.js';
import { TrashService } from '../trash/trash.service.js';
import { UsersService } from '../users/users.service.js';
import type { AppConfig } from '../config/app-config.js';
import { llmsTxt } from './llms-txt.js';
import { BATCH_REFUSED, toolCalled, writeToolCalled } from './mcp-limits.js';
import { type AgentTool, agentTools, callTool } from './mcp-tools.js';

/** Where search and fetch link a task when neither WEB_URL nor PUBLIC_URL is set: the web app's default port. */
const DEFAULT_WEB_URL = 'http://localhost:3000';

/** The MCP SDK (~25 MB resident) loads on the first /mcp call, not at start (bench/RESULTS.md, load benchmark). */
let sdk:
  | Promise<
      [
        typeof import('@modelcontextprotocol/sdk/server/index.js'),
        typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
        typeof import('@modelcontextprotocol/sdk/types.js'),
      ]
    >
  | undefined;
const loadSdk = () =>
  (sdk ??= Promise.all([
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]));

/**
 * GET /llms.txt and the MCP endpoint /mcp, outside /api/v1 and outside the OpenAPI document (they describe it).
 * /mcp is stateless Streamable HTTP: each POST gets a fresh server bound to the caller's principal, so the user is
 * always the bearer token's user and no tool takes a user id.
 */
export function registerAgentRoutes(app: NestFastifyApplication, config: AppConfig): void {
  const { PUBLIC_URL, WEB_URL } = config.env;
  app.get(AgentRoutes).register(app.getHttpAdapter().getInstance(), PUBLIC_URL, WEB_URL);
}

@Injectable()
export class AgentRoutes {
  private readonly logger = new Logger(AgentRoutes.name);
  private readonly audit = new Logger('Audit');
  private tools: AgentTool[] = [];
  private webUrl = DEFAULT_WEB_URL;

  constructor(
    private readonly guard: AuthGuard,
    private readonly tasks: TasksService,
    private readonly trash: TrashService,
    private readonly users: UsersService,
    private readonly taskQuota: TaskQuota,
    private readonly writes: WriteLimiter,
    private readonly projects: ProjectsService,
    private readonly sections: SectionsService,
  ) {}

  register(fastify: FastifyInstance, publicUrl: string | undefined, webUrl: string | undefined): void {
    this.tools = agentTools();
    this.webUrl = webUrl ?? publicUrl ?? DEFAULT_WEB_URL;
    // Never from the request's Host: a forged one would put an attacker's origin into cached instructions.
    const guide = llmsTxt(publicUrl);
    fastify.get('/llms.txt', async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').type('text/plain; charset=utf-8').send(guide),
    );
    // Resolving to the reply tells Fastify it is handled: resolving to undefined while a problem is still passing
    // through the onSend hooks made it send a second, empty answer (ERR_HTTP_HEADERS_SENT in the log).
    fastify.post('/mcp', async (request, reply) => {
      await this.handleMcp(request, reply);
      return reply;
    });
    // Stateless: no server-initiated stream to GET and no session to DELETE.
    const notAllowed = async (_request: FastifyRequest, reply: FastifyReply) =>
      reply
        .status(405)
        .header('allow', 'POST')
        .send({
          jsonrpc: '2.0',
          error: { code: -32000, message: 'Method not allowed: POST JSON-RPC messages.' },
          id: null,
        });
    fastify.get('/mcp', notAllowed);
    fastify.delete('/mcp', notAllowed);
  }

  private async handleMcp(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const principal = await this.guard.authenticate(bearerOf(request));
    if (!principal) {
      this.audit.warn({ event: 'mcp.auth.failed', requestId: String(request.id) });
      return sendProblem(
        new Unauthorized('A valid bearer token (personal access token or access token) is required.'),
        request,
        reply,
        this.logger,
      );
    }
    if (Array.isArray(request.body)) return void reply.status(400).send(BATCH_REFUSED);
    // An OAuth client can ask the person for more (step-up), so a missing scope is the transport's 403 with
    // `insufficient_scope` for it; personal access tokens keep getting the tool error they always got.
    const tool = principal.via === 'oauth' ? toolCalled(request.body, this.tools) : undefined;
    if (tool) {
      try {
        assertPermitted(principal, tool.scope);
      } catch (error) {
        return sendProblem(error, request, reply, this.logger);
      }
    }
    if (writeToolCalled(request.body, this.tools)) {
      try {
        await this.writes.consume(principal);
      } catch (error) {
        return sendProblem(error, request, reply, this.logger);
      }
    }
    const [{ Server }, { StreamableHTTPServerTransport }, { CallToolRequestSchema, ListToolsRequestSchema }] =
      await loadSdk();
    const server = new Server({ name: 'todo-api', version: '1.0.0' }, { capabilities: { tools: {} } });
    const services = {
      tasks: this.tasks,
      trash: this.trash,
      users: this.users,
      taskQuota: this.taskQuota,
      projects: this.projects,
      sections: this.sections,
      taskUrl: (id: string) => `${this.webUrl}/tasks/${id}`,
    };
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: this.tools.map(({ name, description, inputSchema, outputSchema, annotations }) => ({
        name,
        description,
        inputSchema,
        outputSchema,
        annotations,
      })),
    }));
    server.setRequestHandler(CallToolRequestSchema, async ({ params }) => {
      const tool = this.tools.find((candidate) => candidate.name === params.name);
      if (!tool) {
        return { content: [{ type: 'text', text: `Unknown tool ${params.name}` }], isError: true };
      }
      const result = await callTool(tool, principal, params.arguments ?? {}, services, {
        requestId: String(request.id),
        logger: this.logger,
      });
      if (result.isError) {
        this.audit.warn({
          event: 'mcp.tool.failed',
          tool: tool.name,
          userId: principal.userId,
          requestId: String(request.id),
        });
      }
      return result;
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (error) {
      const requestId = String(request.id);
      this.logger.error({ err: error, requestId }, 'MCP request failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(
          JSON.stringify({
            jsonrpc: '2.0',
            error: { code: -32603, message: 'Internal error', data: { requestId } },
            id: null,
          }),
        );
      }
    }
  }
}
