import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

const CSV = 'text/csv';

/** The part of a Fastify instance used here, duck-typed so the module never depends on Fastify. */
interface ContentTypeParserHost {
  hasContentTypeParser(contentType: string): boolean;
  addContentTypeParser(contentType: string, parser: (request: unknown, payload: unknown, done: (error: Error | null, body?: unknown) => void) => void): void;
}

/**
 * Lets `text/csv` imports reach the controller unparsed on Fastify hosts, which otherwise answer 415;
 * the controller streams the body itself. Express hosts need nothing (an unparsed body is the request
 * stream). A host that registered its own text/csv parser keeps it: a string or Buffer body works too.
 */
@Injectable()
export class CsvBodySupport implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const instance: unknown = this.adapterHost.httpAdapter?.getInstance();
    if (!isContentTypeParserHost(instance) || instance.hasContentTypeParser(CSV)) return;
    instance.addContentTypeParser(CSV, (_request, payload, done) => done(null, payload));
  }
}

function isContentTypeParserHost(instance: unknown): instance is ContentTypeParserHost {
  const candidate = instance as Partial<ContentTypeParserHost> | undefined;
  return typeof candidate?.addContentTypeParser === 'function' && typeof candidate.hasContentTypeParser === 'function';
}
