import { config } from '../config';
import { traceHeaders } from '../tracing/propagation';

/**
 * Headers for every call this server makes to the API. With GATEWAY_SECRET the server proves it is the web tier,
 * and the API then believes the browser address it forwards and gives its refreshes the grace window that lets
 * replicas renew one cookie at once. Without the secret, the address goes as X-Forwarded-For behind a declared
 * proxy (the API believes it only when TRUST_PROXY names this server), and not at all otherwise. With tracing on,
 * the request's `traceparent` goes along, so the API's spans join the web request's trace.
 */
export function gatewayHeaders(browserAddress: string | null): Record<string, string> {
  const trace = traceHeaders();
  if (config.gatewaySecret) {
    return {
      ...trace,
      'X-Gateway-Auth': config.gatewaySecret,
      ...(browserAddress ? { 'X-Gateway-Client-IP': browserAddress } : {}),
    };
  }
  return browserAddress && config.forwardClientIp ? { ...trace, 'X-Forwarded-For': browserAddress } : trace;
}
