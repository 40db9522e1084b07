export interface SystemTool {
  name: string;
  aptPackage: string;
  /** Absolute paths, or names looked up on PATH; the first that exists wins. */
  candidates(env: NodeJS.ProcessEnv): string[];
  /** The suites that cannot run without it, as `npm test` names them in a SKIPPED line. */
  suites: string[];
}

export const SYSTEM_TOOLS: SystemTool[];
export function locate(
  tool: SystemTool,
  env?: NodeJS.ProcessEnv,
  exists?: (path: string) => boolean,
): string | undefined;
export function findTool(name: string, env?: NodeJS.ProcessEnv): string | undefined;
export function aptPackages(tools: SystemTool[]): string[];
export function installPlan(missing: SystemTool[], host: { isRoot: boolean; hasAptGet: boolean }): string[];
export function skipLines(missing: SystemTool[]): string[];
export function skipsFail(missing: SystemTool[], env?: NodeJS.ProcessEnv): boolean;
export function ensureSystemTools(options?: {
  tools?: SystemTool[];
  env?: NodeJS.ProcessEnv;
  isRoot?: boolean;
  hasAptGet?: boolean;
  install?: (packages: string[]) => void;
}): { paths: Record<string, string | undefined>; missing: SystemTool[]; skipLines: string[] };
