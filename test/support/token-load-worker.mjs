// Load generator for rotation-under-load.e2e-spec.ts, on its own thread so the clients do not share
// the server's event loop. workerData: { url, slug, authorizations[], maxRequests, maxMs }; one loop
// per authorization; posts 'started' once the first answer is in; stops on a 'stop' message, at maxMs
// or at maxRequests, then posts every sample ({ sentAt, doneAt, status, body } with absolute
// millisecond times, comparable across threads).
import { parentPort, workerData } from 'node:worker_threads';

const { url, slug, authorizations, maxRequests, maxMs } = workerData;
const now = () => performance.timeOrigin + performance.now();
const deadline = now() + maxMs;
const samples = [];
let stopped = false;

parentPort.on('message', (message) => {
  if (message === 'stop') stopped = true;
});

async function loop(authorization) {
  while (!stopped && now() < deadline && samples.length < maxRequests) {
    const sentAt = now();
    try {
      const response = await fetch(`${url}/v1/identity/${slug}`, { method: 'POST', headers: { authorization } });
      const body = await response.text();
      samples.push({ sentAt, doneAt: now(), status: response.status, body });
      if (samples.length === 1) parentPort.postMessage('started');
    } catch (error) {
      samples.push({ sentAt, doneAt: now(), status: 0, body: String(error) });
    }
  }
}

await Promise.all(authorizations.map(loop));
parentPort.postMessage(samples);
parentPort.close();
