import { ApplicationConfig, ModuleRef, ModulesContainer } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('module wiring', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  it('provides each class in one module only: others import that module, which exports it', () => {
    const hosts = new Map<string, string[]>();
    for (const module of sut.app.get(ModulesContainer).values()) {
      for (const { token } of module.providers.values()) {
        // Nest itself gives every module its ModuleRef and ApplicationConfig.
        if (typeof token !== 'function' || token === module.metatype) continue;
        if (token === ModuleRef || token === ApplicationConfig) continue;
        hosts.set(token.name, [...new Set([...(hosts.get(token.name) ?? []), module.metatype.name])]);
      }
    }
    const providedTwice = [...hosts].filter(([, modules]) => modules.length > 1);
    expect(providedTwice).toEqual([]);
    expect(hosts.get('TaskEventLog')).toEqual(['EventsModule']);
    expect(hosts.get('IdempotencyStore')).toEqual(['IdempotencyModule']);
  });
});
