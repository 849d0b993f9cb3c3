import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, type HeadersObject, type SchemaObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../common/problem-details.js';
import { ProblemDetailsView } from './problem-details.view.js';

/** Every answer of the module carries its request id. */
const REQUEST_ID_HEADER: HeadersObject = {
  'x-request-id': { description: 'The id of this request in the service log (problem bodies repeat it).', schema: { type: 'string' } },
};

const RETRY_AFTER_HEADER: HeadersObject = {
  'Retry-After': { description: 'Seconds to wait before asking again.', schema: { type: 'integer', minimum: 0 } },
};

const NO_STORE_HEADER: HeadersObject = {
  'Cache-Control': { description: 'A credential: never cached.', schema: { type: 'string', enum: ['no-store'] } },
};

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503;

const PROBLEM_MEANINGS: Record<ProblemStatus, string> = {
  400: 'The request is malformed; `errors[]` names each bad field.',
  401: 'No valid credential for this API.',
  403: 'Signed in, but not allowed to do this.',
  404: 'No such resource.',
  409: 'The change contradicts what is stored.',
  413: 'The body is over the limit.',
  415: 'The body is of a media type this operation does not read.',
  422: 'Well-formed, but it breaks a rule (a vendor rule, a token that cannot be decoded); `detail` names the rule.',
  429: 'Too many requests; wait for Retry-After.',
  502: 'The vendor refused the stored credential.',
  503: 'A dependency (database, vendor API) is unavailable; ask again after Retry-After.',
};

/** Error answers, each `application/problem+json` with x-request-id (and Retry-After where it applies). */
export function ApiProblems(statuses: ProblemStatus[], meanings: Partial<Record<ProblemStatus, string>> = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsView),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: meanings[status] ?? PROBLEM_MEANINGS[status],
        headers: status === 429 || status === 503 ? { ...REQUEST_ID_HEADER, ...RETRY_AFTER_HEADER } : REQUEST_ID_HEADER,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsView) } } },
      }),
    ),
  );
}

export interface AnswerOptions {
  status?: 200 | 201 | 204;
  description: string;
  /** The body: a view class (`[View]` for a list), or a schema. */
  type?: Type<unknown> | [Type<unknown>];
  schema?: SchemaObject;
  /** A credential: answered with `Cache-Control: no-store`. */
  noStore?: boolean;
  example?: unknown;
  /** The media type of `schema`. @default application/json */
  content?: string;
}

/** The success answer, with the headers every answer carries. */
export function ApiAnswer({ status = 200, description, type, schema, noStore = false, example, content }: AnswerOptions): MethodDecorator & ClassDecorator {
  const headers = noStore ? { ...REQUEST_ID_HEADER, ...NO_STORE_HEADER } : REQUEST_ID_HEADER;
  if (schema && content) return ApiResponse({ status, description, headers, content: { [content]: { schema } } });
  if (schema) return ApiResponse({ status, description, headers, schema });
  const [view, isArray] = Array.isArray(type) ? [type[0], true] : [type, false];
  return ApiResponse({ status, description, headers, ...(view ? { type: view, isArray } : {}), ...(example === undefined ? {} : { example }) });
}
