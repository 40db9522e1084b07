/**
 * Server-side configuration, read from the environment once. Never import this from a client component.
 *
 * | name | default | meaning |
 * | BACKEND_URL | http://127.0.0.1:8000 | where /api/v1/* and server-side API calls go |
 * | SESSION_COOKIE_SECURE | auto | `true`: always `__Host-` + Secure cookies; `false`: never; `auto`: when the request is https |
 * | SESSION_MAX_AGE_DAYS | 30 | lifetime of the refresh-token cookie (match the backend's REFRESH_TOKEN_TTL_DAYS) |
 * | FORWARD_CLIENT_IP | false | `true` only behind a proxy that appends the client's address to X-Forwarded-For |
 * | GATEWAY_SECRET | — | shared with the API; proves this server is the web tier (see lib/api/gateway.ts) |
 * | OTEL_* | — | traces, exported only with OTEL_EXPORTER_OTLP_ENDPOINT; read by the SDK itself (lib/tracing/start.ts) |
 */
export type CookieSecureMode = 'auto' | 'true' | 'false';

function secureMode(value: string | undefined): CookieSecureMode {
  return value === 'true' || value === 'false' ? value : 'auto';
}

export const config = {
  backendUrl: (process.env.BACKEND_URL || 'http://127.0.0.1:8000').replace(/\/+$/, ''),
  cookieSecure: secureMode(process.env.SESSION_COOKIE_SECURE),
  forwardClientIp: process.env.FORWARD_CLIENT_IP === 'true',
  gatewaySecret: process.env.GATEWAY_SECRET || undefined,
  sessionMaxAgeDays:
    Number(process.env.SESSION_MAX_AGE_DAYS) > 0 ? Number(process.env.SESSION_MAX_AGE_DAYS) : 30,
};
