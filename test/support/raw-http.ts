import { Agent, request as httpRequest } from 'node:http';

export interface RawRequest {
  method: string;
  /** Sent exactly as given: it may hold percent-escapes a URL class would normalise. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

/**
 * An HTTP/1.1 client for hostile requests over loopback: no normalisation of the path, any header, any
 * bytes as the body (fetch refuses or rewrites several of them). A response the server cut short is an
 * error, not a pass.
 */
export class RawHttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });

  constructor(private readonly port: number) {}

  send({ method, path, headers = {}, body }: RawRequest): Promise<RawResponse> {
    const startedAt = performance.now();
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent, timeout: 20_000 },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              contentType: String(response.headers['content-type'] ?? ''),
              text: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - startedAt,
            }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path.slice(0, 80)}: no answer within 20 s`)));
      // A server may answer (413) and close before the whole body is written: the answer still counts.
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE' || error.code === 'ECONNRESET') setTimeout(() => reject(error), 2_000).unref();
        else reject(error);
      });
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
