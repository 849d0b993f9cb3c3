import { Inject, Injectable } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import { ChatIdentityError } from '../common/chat-identity.error.js';
import { PROBLEM_CONTENT_TYPE, problem } from '../common/problem-details.js';
import { requestIdOf } from '../common/request-id.js';
import { routePatternOf } from '../common/route-pattern.js';
import { ChatIdentityMetrics } from '../metrics/chat-identity-metrics.js';
import type { AdminRequest } from './admin-request.js';
import { AdminSignIn } from './admin-sign-in.js';

/** The module's route prefix (`routePrefix`), for telling its admin routes apart from the host's. */
export const ADMIN_ROUTE_PREFIX = Symbol('chat-identity.admin-route-prefix');

const HTTP_STATUS: Record<string, number> = { unauthenticated: 401, rate_limited: 429 };

type Next = (error?: unknown) => void;

/** The adapter instance's hook points used here, duck-typed so the module depends on neither adapter. */
interface FastifyLike {
  addHook(name: 'onRequest', hook: (request: AdminRequest, reply: unknown, done: Next) => void): void;
}
interface ExpressLike {
  use(handler: (request: AdminRequest, response: unknown, next: Next) => void): void;
}

/**
 * Checks admin credentials before any request body is read: a Fastify `onRequest` hook (Fastify reads
 * bodies before Nest sees the request) or an Express handler ahead of the body parsers (registered
 * here, while providers are built, because Nest adds its parsers when the app initializes, before any
 * module hook runs). With the built-in keys this is the whole sign-in: a wrong or missing key is
 * answered 401 from the headers; with a host's guard (which may need the host's sign-in, run later)
 * the attempt is counted here, so a locked-out address gets its 429 before its body, and the guard
 * decides the rest. Either way, AdminGuard reuses what was decided here.
 */
@Injectable()
export class AdminSignInFirst {
  constructor(
    adapterHost: HttpAdapterHost,
    private readonly signIn: AdminSignIn,
    private readonly config: ApplicationConfig,
    @Inject(ADMIN_ROUTE_PREFIX) private readonly routePrefix: string,
    metrics: ChatIdentityMetrics,
  ) {
    const adapter = adapterHost.httpAdapter;
    const instance: unknown = adapter?.getInstance();
    const check = (request: AdminRequest, response: unknown, next: Next): void => {
      if (!this.isAdminRoute(request)) return next();
      this.check(request).then(
        () => next(),
        (error: unknown) => {
          if (!(error instanceof ChatIdentityError) || HTTP_STATUS[error.code] === undefined) return next(error);
          const status = HTTP_STATUS[error.code];
          const requestId = requestIdOf(request as AdminRequest & { id?: unknown });
          const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE, 'x-request-id': requestId, connection: 'close' };
          if (status === 401) headers['www-authenticate'] = 'Bearer';
          if (error.details.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.details.retryAfterSeconds);
          for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value);
          metrics.refused(status, routePatternOf(request));
          adapter.reply(response, { ...problem(status, error.message), requestId }, status);
        },
      );
    };
    if (isFastify(instance)) instance.addHook('onRequest', check);
    else if (isExpress(instance)) instance.use(check);
  }

  private check(request: AdminRequest): Promise<unknown> {
    const keys = this.signIn.builtInKeys;
    return keys ? this.signIn.signInByKey(request, keys) : this.signIn.countAttempt(request);
  }

  private isAdminRoute(request: AdminRequest): boolean {
    const prefix = [this.config.getGlobalPrefix(), this.routePrefix]
      .map((part) => part.replace(/^\/+|\/+$/g, ''))
      .filter(Boolean)
      .map((part) => `/${part}`)
      .join('');
    const path = String(request.originalUrl ?? request.url ?? '').split('?')[0].toLowerCase();
    // Express matches paths case-insensitively by default: so does this.
    const admin = `${prefix}/v1/admin`.toLowerCase();
    // The single sign-on routes are how an admin gets credentials: they count failed callbacks themselves.
    if (path.startsWith(`${admin}/sso/`)) return false;
    return path.startsWith(`${admin}/`) || path === admin;
  }
}

function isFastify(instance: unknown): instance is FastifyLike {
  return typeof (instance as Partial<FastifyLike> | undefined)?.addHook === 'function';
}

function isExpress(instance: unknown): instance is ExpressLike {
  return typeof (instance as Partial<ExpressLike> | undefined)?.use === 'function';
}
