// (a) The chat-identity standalone service, built exactly as main.ts builds it (createHttpApp), its
// configuration from the environment the bench sets, listening on loopback only.
import 'reflect-metadata';
import { createHttpApp } from '../../src/http-app.js';
import { announceListening } from '../lib/child.js';

const app = await createHttpApp(process.env);
await app.listen(0, '127.0.0.1');
announceListening(app.getHttpServer(), () => app.close());
