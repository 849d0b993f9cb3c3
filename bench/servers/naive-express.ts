// (c) The naive approach, as vendors' documentation samples write it: Express, `jsonwebtoken` with the
// secrets as strings (re-parsed on every call), the user's id kept in a Map. No database, no logging.
import express from 'express';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { announceListening, environmentJson } from '../lib/child.js';

interface NaiveConfig {
  userTokenSecret: string;
  vendorSecret: string;
  apiKey: string;
  snippetId: string;
}

const config = environmentJson<NaiveConfig>('BENCH_NAIVE');
const userIds = new Map<string, string>();

const app = express();
app.use(express.json());
app.post('/v1/identity/:integration', (request, response) => {
  let user: jwt.JwtPayload;
  try {
    user = jwt.verify((request.headers.authorization ?? '').replace(/^Bearer /, ''), config.userTokenSecret) as jwt.JwtPayload;
  } catch {
    response.status(401).json({ error: 'unauthorized' });
    return;
  }
  const sub = String(user.sub);
  let userId = userIds.get(sub);
  if (userId === undefined) {
    userId = randomUUID();
    userIds.set(sub, userId);
  }
  const identityToken = jwt.sign({ iss: config.apiKey, aud: userId, sub: '' }, config.vendorSecret, { expiresIn: '5h' });
  response.set('Cache-Control', 'no-store').json({
    integration: request.params.integration,
    vendor: 'glassix',
    userId,
    expiresAt: new Date(Date.now() + 5 * 3600 * 1000).toISOString(),
    handoff: { widgetOptions: { apiKey: config.apiKey, snippetId: config.snippetId, uniqueIdentifier: userId, identityToken } },
  });
});

const server = app.listen(0, '127.0.0.1', () =>
  announceListening(server, () => new Promise((resolve) => server.close(resolve))),
);
