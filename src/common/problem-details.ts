import type { FieldProblem } from './chat-identity.error.js';

/**
 * RFC 9457 problem body; `code` says what went wrong for programs (a domain exception's code, else one
 * named after the status), `errors` lists field problems, `requestId` ties it to the request log.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldProblem[];
  requestId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function problem(status: number, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  const title = TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
  const words = title.toLowerCase().split(/[^a-z]+/);
  return { type: `https://chat-identity.dev/problems/${words.join('-')}`, title, status, detail, code: words.join('_'), ...extra };
}
