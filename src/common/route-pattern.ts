/** What a request's route is called in metrics and logs when no route matched it (a 404, say). */
const UNMATCHED_ROUTE = 'unmatched';

interface RoutedRequest {
  /** Fastify: the matched route's pattern. */
  routeOptions?: { url?: string };
  /** Express: the router's mount path and the matched route. */
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * The pattern of the route a request matched (`/v1/identity/:integration`), never its URL: labels built
 * from it stay one per route whatever the path parameters.
 */
export function routePatternOf(request: unknown): string {
  const routed = request as RoutedRequest | undefined;
  const fastify = routed?.routeOptions?.url;
  if (fastify) return fastify;
  const express = routed?.route?.path;
  return typeof express === 'string' ? `${routed?.baseUrl ?? ''}${express}` : UNMATCHED_ROUTE;
}
