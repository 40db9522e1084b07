import { randomUUID } from 'node:crypto';
import { sleep } from '../realtime/sse-client.js';

export interface Outcome {
  key: string;
  /** Status of each attempt in order; 0 = the connection failed. The last one is the final answer. */
  attempts: number[];
  acknowledged: boolean;
}

/**
 * A bounded write load: `workers` clients each POST tasks one at a time (title = its Idempotency-Key) until
 * stopped. `retries` is how often a client retries one key after a failure (same key, same body).
 */
export function writeLoad(
  base: string,
  token: string,
  { workers = 6, retries = 0, retryDelayMs = 200 } = {},
) {
  const outcomes: Outcome[] = [];
  let running = true;
  const attempt = async (key: string): Promise<number> => {
    try {
      const response = await fetch(`${base}/api/v1/tasks`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify({ title: key }),
        signal: AbortSignal.timeout(20_000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  };
  const worker = async () => {
    while (running) {
      const outcome: Outcome = { key: randomUUID(), attempts: [], acknowledged: false };
      outcomes.push(outcome);
      for (let i = 0; i <= retries; i += 1) {
        const status = await attempt(outcome.key);
        outcome.attempts.push(status);
        if (status === 201) {
          outcome.acknowledged = true;
          break;
        }
        if (i < retries) await sleep(retryDelayMs);
      }
      await sleep(5);
    }
  };
  const done = Promise.all(Array.from({ length: workers }, worker));
  return {
    outcomes,
    async stop() {
      running = false;
      await done;
      return outcomes;
    },
  };
}
