import type { ChildProcess, SpawnOptions } from 'node:child_process';

export const ROOT: string;

export function waitFor(url: string, options?: { timeoutMs?: number; child?: ChildProcess }): Promise<void>;

export function run(command: string, args: string[], options?: SpawnOptions): Promise<number>;

export interface WebProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
  /** Resolves once /healthz answers 200; rejects when the process exits first. */
  ready(): Promise<void>;
}

export function startWeb(options: {
  webPort: number;
  backendUrl: string;
  gatewaySecret?: string;
  env?: Record<string, string | undefined>;
  name?: string;
  quiet?: boolean;
}): WebProcess;

export interface Stack {
  api: ChildProcess & { name?: string };
  web: ChildProcess & { name?: string };
  /** Every web replica, `web` first. */
  webs: (ChildProcess & { name?: string })[];
  stop(): Promise<void>;
  apiUrl: string;
  webUrl: string;
  webUrls: string[];
}

export function startStack(options?: {
  apiPort?: number;
  webPort?: number;
  webPorts?: number[];
  apiEnv?: Record<string, string | undefined>;
  webEnv?: Record<string, string | undefined>;
  quiet?: boolean;
}): Promise<Stack>;
