import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, type IncomingMessage, request as httpRequest } from 'node:http';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { testEnvironment } from './support/app.js';
import { type ServiceProcess, startServiceProcess } from './support/service-process.js';

/**
 * SIGTERM while a keep-alive client has a request in flight: the answer still arrives, says
 * `connection: close`, and the process exits 0 (not the shutdown deadline's 1) because no connection
 * is left open once it was answered.
 */
describe('stopping under keep-alive load', () => {
  let service: ServiceProcess;

  beforeAll(async () => {
    service = await startServiceProcess(testEnvironment({ LOG_LEVEL: 'warn' }));
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('answers the request in flight with connection: close and exits 0', async () => {
    const { port } = new URL(service.baseUrl);
    // An idle keep-alive connection of its own: the server closing it is the sign that its HTTP server is closing.
    const idleAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const probe = httpRequest({ host: '127.0.0.1', port, path: '/health', agent: idleAgent });
    const [idleSocket] = (await once(probe.end(), 'socket')) as [Socket];
    const idleClosed = once(idleSocket, 'close');
    const [idle] = (await once(probe, 'response')) as [IncomingMessage];
    idle.resume();
    await once(idle, 'end');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });

    // The request in flight: its head is routed (the server's 100 Continue says so) before the signal, its body arrives once the server is closing.
    const body = JSON.stringify({ subject: { userId: 'shutdown-user' } });
    const inFlight = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/identity/shutdown-probe',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), expect: '100-continue' },
    });
    const answered = new Promise<IncomingMessage>((resolve, reject) => inFlight.on('response', resolve).on('error', reject));
    inFlight.flushHeaders();
    await once(inFlight, 'continue');

    const exited = service.stop();
    await idleClosed;
    inFlight.end(body);
    const response = await answered;
    response.resume();
    await once(response, 'end');

    expect(response.headers.connection).toBe('close');
    expect(await exited).toBe(0);
    expect(service.output()).not.toContain('exiting anyway');
    agent.destroy();
    idleAgent.destroy();
  });
});
