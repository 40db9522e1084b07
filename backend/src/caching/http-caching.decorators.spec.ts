import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import { RouteConfig } from '@nestjs/platform-fastify';
import { describe, expect, it } from 'vitest';
import { ETag, NoStore } from './http-caching.decorators.js';

const configOf = (handler: unknown) => Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler as object);

describe('caching decorators', () => {
  it('declare the policy in the route config, beside what other decorators put there', () => {
    class Controller {
      @ETag('version')
      @RouteConfig({ other: true })
      get() {}

      @NoStore()
      @ETag('body')
      list() {}
    }
    expect(configOf(Controller.prototype.get)).toEqual({ other: true, httpCaching: { etag: 'version' } });
    expect(configOf(Controller.prototype.list)).toEqual({
      httpCaching: { etag: 'body', cacheControl: 'no-store' },
    });
  });

  it('on a controller, apply to each of its handlers', () => {
    @NoStore()
    class Controller {
      @ETag('page')
      list() {}
      create() {}
    }
    expect(configOf(Controller.prototype.list)).toEqual({
      httpCaching: { etag: 'page', cacheControl: 'no-store' },
    });
    expect(configOf(Controller.prototype.create)).toEqual({ httpCaching: { cacheControl: 'no-store' } });
  });
});
