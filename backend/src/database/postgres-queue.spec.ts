import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// postgres.js's internal queue, as patched (patches/postgres+3.4.9.patch): the pool keeps its connections in these.
type Queue<T> = { readonly length: number; push(x: T): T; shift(): T; remove(x: T): T | null };
const require = createRequire(import.meta.url);
// Not exported by the package: loaded by its path next to the CommonJS entry point.
const Queue = require(join(dirname(require.resolve('postgres')), 'queue.js')) as <T>(
  initial?: T[],
) => Queue<T>;

describe('postgres.js connection queue (patched)', () => {
  it('keeps every connection findable while it is shifted and pushed back without ever draining', () => {
    const queue = Queue<{ id: number }>();
    const connections = Array.from({ length: 10 }, (_, id) => ({ id }));
    for (const connection of connections) queue.push(connection);
    // The pool's busy queue under load: take the first, pipeline onto it, push it back (go + move in index.js).
    for (let i = 0; i < 100_000; i += 1) {
      const connection = queue.shift();
      expect(queue.remove(connection)).toBeNull();
      queue.push(connection);
    }
    expect(queue.length).toBe(10);
    // One finishes (moves to the open queue), the rest keep their order.
    expect(queue.remove(connections[3]!)).toBe(connections[3]);
    expect(queue.length).toBe(9);
    const order: number[] = [];
    while (queue.length) order.push(queue.shift().id);
    expect(order).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
  });

  it('removes from the middle after compaction and still drains in order', () => {
    const queue = Queue<number>();
    for (let i = 0; i < 200; i += 1) queue.push(i);
    for (let i = 0; i < 150; i += 1) expect(queue.shift()).toBe(i);
    expect(queue.remove(10)).toBeNull();
    expect(queue.remove(175)).toBe(175);
    const rest: number[] = [];
    while (queue.length) rest.push(queue.shift());
    expect(rest).toEqual([
      ...Array.from({ length: 25 }, (_, i) => 150 + i),
      ...Array.from({ length: 24 }, (_, i) => 176 + i),
    ]);
  });
});
