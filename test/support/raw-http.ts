import { Agent, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';

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

  send(request: RawRequest, retried = false): Promise<RawResponse> {
    const { method, path, body } = request;
    // Node frames no body of a GET or DELETE by itself: its bytes would follow the head as garbage (a
    // second, invalid request), not as the body this client means to send.
    const headers = body === undefined || request.headers?.['content-length'] !== undefined ? (request.headers ?? {}) : { ...request.headers, 'content-length': String(Buffer.byteLength(body)) };
    const startedAt = performance.now();
    return new Promise((resolve, reject) => {
      let answered = false;
      const outgoing = httpRequest(
        { host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent, timeout: 20_000 },
        (response) => {
          answered = true;
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
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        const reset = error.code === 'EPIPE' || error.code === 'ECONNRESET';
        // A kept-alive socket the server closed as this request went out (Node's documented keep-alive race):
        // nothing of it reached a route, so it is sent once more on a fresh connection, as HTTP clients do.
        if (reset && outgoing.reusedSocket && !answered && !retried) resolve(this.send(request, true));
        // A server may answer (413) and close before the whole body is written: the answer still counts.
        else if (reset) setTimeout(() => reject(error), 2_000).unref();
        else reject(error);
      });
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface UploadUntilAnswer {
  /** The answer's status code. */
  status: number;
  /** Bytes the server had read off this connection (request head included) when its answer arrived. */
  serverBytesRead: number;
}

/**
 * Remembers the server side of every connection to `server`, to ask how much it had read of each when it
 * answered: its socket's bytes read as the response finishes. Node drains an unread body only after
 * that, and by the time the client (in this same process) sees the answer the drain may have read far
 * more (190 KB on Node 24; 127 KB on a loaded machine): bytes discarded, not read before the answer.
 * A connection not yet answered says what it has read so far.
 */
export function trackServerSockets(server: Server): (clientPort: number) => number {
  const sockets = new Map<number, { socket: Socket; readWhenAnswered?: number }>();
  server.on('connection', (socket: Socket) => sockets.set(socket.remotePort ?? 0, { socket }));
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const tracked = sockets.get(request.socket.remotePort ?? 0);
    response.once('finish', () => {
      if (tracked) tracked.readWhenAnswered = tracked.socket.bytesRead;
    });
  });
  return (clientPort) => {
    const tracked = sockets.get(clientPort);
    return tracked === undefined ? Number.NaN : (tracked.readWhenAnswered ?? tracked.socket.bytesRead);
  };
}

/**
 * Sends `head` (a request line and headers announcing a large body), then body bytes as fast as the
 * socket takes them, until the server answers; says how much of it the server had read by then (the
 * kernel's buffers would hide that on the client side). A server that reads the whole body before it
 * answers reads all of it.
 */
export function uploadUntilAnswered(port: number, head: string, bodyBytes: number, serverBytesRead: (clientPort: number) => number): Promise<UploadUntilAnswer> {
  const chunk = Buffer.alloc(16 * 1024, 'a');
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answered = false;
    let sent = 0;
    const pump = (): void => {
      while (!answered && sent < bodyBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, bodyBytes - sent));
        sent += piece.length;
        if (!socket.write(piece)) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
    socket.on('data', (data: Buffer) => {
      if (answered) return;
      answered = true;
      // Read now, in the same turn: the server shares this process and would go on reading later.
      const read = serverBytesRead(socket.localPort ?? 0);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data.toString('latin1'))?.[1] ?? 0), serverBytesRead: read });
      socket.destroy();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!answered) reject(error);
    });
  });
}
