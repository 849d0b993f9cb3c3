import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_KEY, testEnvironment } from './support/app.js';
import { type ServiceProcess, startServiceProcess } from './support/service-process.js';

const TEN_MEGABYTES = 10 * 1024 * 1024;

/**
 * A body past the limit is refused before it is read; the client is usually still sending it then.
 * Node's fetch must read the 413 (the server drains what is still coming before it closes), not a
 * reset (EPIPE) that tells it nothing. The service runs as its own process, as a client meets it.
 */
describe('an oversized body as a plain fetch client sends it', () => {
  let service: ServiceProcess;

  beforeAll(async () => {
    service = await startServiceProcess(testEnvironment());
  });

  afterAll(async () => {
    await service?.stop();
  });

  const post = (body: RequestInit['body'], extra: RequestInit = {}): Promise<Response> =>
    fetch(`${service.baseUrl}/v1/admin/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body,
      ...extra,
    });

  it('answers 413 problem+json to a 10 MB body with its Content-Length', async () => {
    const response = await post(JSON.stringify({ slug: 'big', vendor: 'decimal', settings: {}, secret: 's'.repeat(TEN_MEGABYTES) }));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 413 });
  });

  it('answers 413 to a 10 MB chunked body that passes the limit as it arrives', async () => {
    const chunk = new TextEncoder().encode('s'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= TEN_MEGABYTES) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await post(stream, { duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ status: 413 });
  });

  it('lets a client still sending a 17 MB import without credentials read its 401, three times out of three', async () => {
    // Refused from the headers, before a byte of the body is read (see AdminSignInFirst): fails with EPIPE
    // or ECONNRESET instead if the connection closes with the body still arriving.
    const body = ' '.repeat(17 * 1024 * 1024);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await fetch(`${service.baseUrl}/v1/admin/users/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({ status: 401, type: expect.stringMatching(/^application\/problem\+json/) });
      await response.body?.cancel();
    }
  });
});
