import { describe, expect, it } from '@jest/globals';
import { BadRequestException, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { ChatIdentityError, ChatIdentityErrorCode, ChatIdentityException, unauthenticated, validationFailed } from './chat-identity.error.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import type { ProblemDetails } from './problem-details.js';

interface Answer {
  status: number;
  body: ProblemDetails;
  headers: Record<string, string>;
}

/** A feature's exception the kernel has never heard of: the filter must answer it from the base class alone. */
class ParcelException extends ChatIdentityException<'parcel_lost' | 'courier_away'> {
  get status(): number {
    return this.code === 'parcel_lost' ? 410 : 503;
  }
}

/** Runs the filter on one thrown value, as Nest would for a request with the given id. */
function answer(thrown: unknown, refusals: Array<[number, string]> = [], request: object = { routeOptions: { url: '/v1/parcels/:parcel' } }): Answer {
  const result: Answer = { status: 0, body: {} as ProblemDetails, headers: {} };
  const adapterHost = {
    httpAdapter: {
      setHeader: (_response: unknown, name: string, value: string) => (result.headers[name] = value),
      reply: (_response: unknown, body: ProblemDetails, status: number) => Object.assign(result, { body, status }),
    },
  } as unknown as HttpAdapterHost;
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ ...request, headers: { 'x-request-id': 'req-under-test-1' } }), getResponse: () => ({}) }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter(adapterHost, { refused: (status, route) => refusals.push([status, route]) }).catch(thrown, host);
  return result;
}

describe('ProblemDetailsFilter', () => {
  it.each([
    [new ChatIdentityError(ChatIdentityErrorCode.MalformedToken, 'not a JWT'), 422, 'malformed_token'],
    [new ChatIdentityError(ChatIdentityErrorCode.RateLimited, 'slow down'), 429, 'rate_limited'],
    [new ParcelException('parcel_lost', 'gone'), 410, 'parcel_lost'],
    [new ParcelException('courier_away', 'later'), 503, 'courier_away'],
  ])('answers a domain exception with the status its class gives its code, and that code (%s)', (exception, status, code) => {
    const { status: answered, body } = answer(exception);
    expect(answered).toBe(status);
    expect(body).toMatchObject({ status, code, detail: exception.message, requestId: 'req-under-test-1' });
  });

  it('keeps field problems, and says 401 answers are for a bearer token', () => {
    const invalid = answer(validationFailed('bad', [{ field: 'subject.email', message: 'must be an email' }]));
    expect(invalid.body).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ field: 'subject.email', message: 'must be an email' }] });
    const refused = answer(unauthenticated('sign in'));
    expect(refused.body.code).toBe('unauthenticated');
    expect(refused.headers['www-authenticate']).toBe('Bearer');
  });

  it('sends Retry-After from the exception, whichever feature threw it', () => {
    const away = new ParcelException('courier_away', 'later', { retryAfterSeconds: 60 });
    expect(answer(away)).toMatchObject({ status: 503, body: { code: 'courier_away' }, headers: { 'retry-after': '60' } });
    expect(answer(new ParcelException('parcel_lost', 'gone')).headers['retry-after']).toBeUndefined();
  });

  it("names Nest's own HTTP errors by their status, and a validation pipe's messages as validation_failed", () => {
    expect(answer(new NotFoundException('Cannot POST /nowhere')).body).toMatchObject({ status: 404, code: 'not_found', type: 'https://chat-identity.dev/problems/not-found' });
    expect(answer(new BadRequestException(['email must be an email'])).body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ field: '', message: 'email must be an email' }],
    });
  });

  it('answers an unknown error with a fixed 500 that carries none of its message', () => {
    const { body } = answer(new Error('secret-looking internals'));
    expect(body).toMatchObject({ status: 500, code: 'internal_server_error' });
    expect(JSON.stringify(body)).not.toContain('secret-looking internals');
  });

  it('tells the observer of every refusal, with the route pattern it answered (unmatched when none)', () => {
    const refusals: Array<[number, string]> = [];
    answer(unauthenticated('sign in'), refusals);
    answer(new ParcelException('parcel_lost', 'gone'), refusals, { baseUrl: '/shop', route: { path: '/v1/parcels/:parcel' } });
    answer(new ParcelException('parcel_lost', 'gone'), refusals, { url: '/v1/parcels/p-123' });
    expect(refusals).toEqual([
      [401, '/v1/parcels/:parcel'],
      [410, '/shop/v1/parcels/:parcel'],
      [410, 'unmatched'],
    ]);
  });
});
