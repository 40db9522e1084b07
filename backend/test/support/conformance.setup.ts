import { createRequire } from 'node:module';
import { afterAll } from 'vitest';
import { assertConformance, type ObservedResponse, recordResponse } from './conformance.js';

/**
 * Vitest setup file (`setupFiles` of the e2e projects): every response any spec receives through supertest —
 * `supertest(server)` or an agent — is checked against openapi/openapi.json, and the file fails at the end if one
 * did not conform. Specs need no change.
 */
interface SupertestTest {
  method: string;
  url: string;
  once(event: 'response', listener: (response: ObservedResponse) => void): unknown;
  end(fn?: unknown): unknown;
  __checked?: boolean;
}

const Test = createRequire(import.meta.url)('supertest/lib/test.js') as { prototype: SupertestTest };
const patched = Test.prototype as SupertestTest & { __conformancePatched?: boolean };
if (!patched.__conformancePatched) {
  const end = patched.end;
  patched.end = function (this: SupertestTest, fn?: unknown) {
    if (!this.__checked) {
      this.__checked = true;
      this.once('response', (response) => recordResponse(this.method, this.url, response));
    }
    return end.call(this, fn);
  };
  patched.__conformancePatched = true;
}

afterAll(assertConformance);
