// The few parts of autocannon and express the bench uses (neither ships its own types, and the bench
// needs too little of them to justify adding @types packages).

declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
    }
    interface Client extends EventEmitter {
      setRequests(requests: Request[]): void;
    }
    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      pipelining?: number;
      timeout?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      requests?: Request[];
      setupClient?: (client: Client) => void;
    }
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p99: number;
    }
    interface Result {
      requests: Histogram;
      latency: Histogram;
      throughput: Histogram;
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}

declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';

  namespace express {
    interface Request extends IncomingMessage {
      params: Record<string, string>;
      body: unknown;
    }
    interface Response extends ServerResponse {
      status(code: number): Response;
      set(name: string, value: string): Response;
      json(body: unknown): Response;
    }
    type Handler = (request: Request, response: Response, next: (error?: unknown) => void) => void;
    interface Application {
      disable(setting: string): void;
      use(handler: Handler): void;
      post(path: string, handler: Handler): void;
      listen(port: number, host: string, callback: () => void): Server;
    }
  }
  function express(): express.Application;
  namespace express {
    function json(): Handler;
  }
  export default express;
}
