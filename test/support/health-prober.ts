// Watches /health from a process of its own (test/support/child-script.ts) while another process loads
// the service: sent { port }, it asks every 20 ms on a connection of its own, answers 'started' after
// the first answer, and on 'stop' answers with every sample.
import { RawHttpClient } from './raw-http.js';

export interface HealthSample {
  status: number;
  /** From sending the request to the last byte of the answer, on this process's clock. */
  ms: number;
}

let probing = true;
const samples: HealthSample[] = [];

async function probe(port: number): Promise<void> {
  const client = new RawHttpClient(port);
  try {
    while (probing) {
      const answer = await client.send({ method: 'GET', path: '/health' }).catch(() => ({ status: 0, ms: Number.NaN }));
      samples.push({ status: answer.status, ms: answer.ms });
      if (samples.length === 1) process.send?.('started');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    client.close();
  }
}

process.once('message', ({ port }: { port: number }) => {
  const probed = probe(port);
  process.on('message', (message) => {
    if (message !== 'stop') return;
    probing = false;
    void probed.then(() => process.send?.(samples, () => process.exit(0)));
  });
});
