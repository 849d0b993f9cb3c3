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
 * The admin API's gate, run before any request body is read: a Fastify `onRequest` hook (Fastify reads
 * bodies before Nest sees the request) or an Express handler ahead of the body parsers (registered
 * here, while providers are built, because Nest adds its parsers when the app initializes, before any
 * module hook runs). Every admin answer, refusals included, is marked `Cache-Control: no-store`: they
 * carry secret metadata, user data and the audit trail, which no browser or proxy cache may keep. Then
 * the credentials: with the built-in keys this is the whole sign-in, a wrong or missing key answered
 * 401 from the headers; with a host's guard (which may need the host's sign-in, run later) the attempt
 * is counted here, so a locked-out address gets its 429 before its body, and the guard decides the
 * rest. Either way, AdminGuard reuses what was decided here. One hook, not a Nest middleware: Nest's
 * middleware on Fastify matches every request against each of its routes, token requests included.
 */
@Injectable()
export class AdminSignInFirst {
  private adminPath: string | undefined;

  constructor(
    adapterHost: HttpAdapterHost,
    private readonly signIn: AdminSignIn,
    private readonly config: ApplicationConfig,
    @Inject(ADMIN_ROUTE_PREFIX) private readonly routePrefix: string,
    metrics: ChatIdentityMetrics,
  ) {
    const adapter = adapterHost.httpAdapter;
    const instance: unknown = adapter?.getInstance();
    const gate = (request: AdminRequest, response: unknown, next: Next): void => {
      const route = this.adminRouteOf(request);
      if (route === undefined) return next();
      adapter.setHeader(response, 'cache-control', 'no-store');
      if (route === 'sign-in') return next();
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
    if (isFastify(instance)) instance.addHook('onRequest', gate);
    else if (isExpress(instance)) instance.use(gate);
  }

  private check(request: AdminRequest): Promise<unknown> {
    const keys = this.signIn.builtInKeys;
    return keys ? this.signIn.signInByKey(request, keys) : this.signIn.countAttempt(request);
  }

  /** Which admin route a request is for: one that needs credentials, the sign-in (single sign-on) routes, or none. */
  private adminRouteOf(request: AdminRequest): 'credentials' | 'sign-in' | undefined {
    const path = String(request.originalUrl ?? request.url ?? '').split('?')[0].toLowerCase();
    // Express matches paths case-insensitively by default: so does this.
    const admin = (this.adminPath ??= this.adminPathNow());
    if (!path.startsWith(admin) || (path.length > admin.length && path[admin.length] !== '/')) return undefined;
    // The single sign-on routes are how an admin gets credentials: they count failed callbacks themselves.
    return path.startsWith(`${admin}/sso/`) ? 'sign-in' : 'credentials';
  }

  /** `/<global prefix>/<route prefix>/v1/admin`, lower-cased; fixed once the app serves (the global prefix is set before). */
  private adminPathNow(): string {
    const prefix = [this.config.getGlobalPrefix(), this.routePrefix]
      .map((part) => part.replace(/^\/+|\/+$/g, ''))
      .filter(Boolean)
      .map((part) => `/${part}`)
      .join('');
    return `${prefix}/v1/admin`.toLowerCase();
  }
}

function isFastify(instance: unknown): instance is FastifyLike {
  return typeof (instance as Partial<FastifyLike> | undefined)?.addHook === 'function';
}

function isExpress(instance: unknown): instance is ExpressLike {
  return typeof (instance as Partial<ExpressLike> | undefined)?.use === 'function';
}
