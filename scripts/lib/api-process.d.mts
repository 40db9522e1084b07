import type { ChildProcess } from 'node:child_process';

export interface PrivateDist {
  dir: string;
  remove(): void;
}

export function buildPrivateDist(dir?: string, options?: { reuse?: boolean }): PrivateDist;

export function freePort(): Promise<number>;

export interface StartApiOptions {
  port?: number;
  nodeArgs?: string[];
  inheritEnv?: boolean;
  logs?: 'capture' | 'inherit' | 'errors';
  readyTimeoutMs?: number;
}

export interface ApiProcess {
  base: string;
  port: number;
  child: ChildProcess;
  /** Milliseconds from spawn to the first ready answer. */
  readyMs: number;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startApi(
  distDir: string,
  env?: Record<string, string | undefined>,
  options?: StartApiOptions,
): Promise<ApiProcess>;
