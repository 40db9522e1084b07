import type { AgentTool } from './agent-tool.js';

/**
 * The answer to a JSON-RPC batch. MCP removed batching in protocol version 2025-06-18 and this server speaks one
 * message per POST, so every tool call passes the write limit on its own.
 */
export const BATCH_REFUSED = {
  jsonrpc: '2.0',
  error: {
    code: -32600,
    message:
      'Invalid Request: JSON-RPC batches are not supported; send one message per POST (MCP 2025-06-18).',
  },
  id: null,
} as const;

/** The tool a single JSON-RPC message calls, if it is a known tool's `tools/call`. */
export function toolCalled(message: unknown, tools: readonly AgentTool[]): AgentTool | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
  if (method !== 'tools/call') return undefined;
  return tools.find((tool) => tool.name === params?.name);
}

/** The write tool a single JSON-RPC message calls, if any: it counts toward the caller's write rate limits. */
export function writeToolCalled(message: unknown, tools: readonly AgentTool[]): AgentTool | undefined {
  const tool = toolCalled(message, tools);
  return tool && !tool.annotations.readOnlyHint ? tool : undefined;
}
