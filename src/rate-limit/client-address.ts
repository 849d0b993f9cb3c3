/**
 * The client's address as the HTTP adapter resolved it: the socket's peer, or the `X-Forwarded-For`
 * entry the host's trusted-proxy setting (Fastify `trustProxy`, Express `trust proxy`) allows.
 * Nothing here reads the header itself, so an untrusted peer cannot choose its own budget.
 */
export const clientAddressOf = (request: { ip?: string }): string => request.ip ?? 'unknown';
