// `npm run bench:compare -- <commit A> <commit B>`: what one change buys on the token request's pipeline.
// Builds both commits (as `npm run bench` builds, into .bench-builds/<commit>/, where the repository's
// node_modules resolve), starts each one's (p) server (the standalone with its token work stubbed, as
// `npm run bench` runs it) beside the empty NestJS + Fastify handler (b), on one scratch database, and
// drives the three in turns (see driveInTurns): B/A by turn and its median, and each one's ratio to (b).
// Loopback only, about 2 minutes with the builds; exits 0 whatever the numbers (it is a measurement).
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { createSecretKey, randomBytes } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createScratchDatabase } from '../src/database/scratch-database.js';
import { hs256 } from './lib/hs256.js';
import { combined, driveInTurns, median, ratiosByRound, tokenRequest } from './lib/load.js';
import { type ServerChild, startServer, stopAll } from './lib/processes.js';
import { fixed, table } from './lib/report.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const LOAD = { connections: 32, warmupSeconds: 2, seconds: 2 * ROUNDS };
const ROOT = resolve(process.env.npm_config_local_prefix ?? process.cwd());
const USER_TOKEN_SECRET = randomBytes(32).toString('base64url');

/** `commit` built as `npm run bench` builds it, into .bench-builds/<commit> (once: a build is kept for the next comparison). */
function build(commit: string): string {
  const sha = execFileSync('git', ['rev-parse', '--short', commit], { cwd: ROOT, encoding: 'utf8' }).trim();
  const output = join(ROOT, '.bench-builds', sha);
  if (existsSync(join(output, 'bench/servers/chat-identity.js'))) return output;
  const tree = mkdtempSync(join(tmpdir(), `chat-identity-${sha}-`));
  try {
    execFileSync('git', ['worktree', 'add', '--detach', '--quiet', tree, sha], { cwd: ROOT });
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    execFileSync('npm', ['run', '--silent', 'build:js'], { cwd: tree, stdio: 'ignore' });
    execFileSync(join(ROOT, 'node_modules/.bin/swc'), ['bench', '-d', 'dist', '--config-file', '.swcrc', '--quiet', '--ignore', '**/*.d.ts'], { cwd: tree });
    cpSync(join(tree, 'dist'), output, { recursive: true });
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT });
  }
  return output;
}

async function main(): Promise<void> {
  const [commitA, commitB] = process.argv.slice(2);
  if (!commitA || !commitB) throw new Error('usage: npm run bench:compare -- <commit A> <commit B>');
  const [buildA, buildB] = [build(commitA), build(commitB)];
  const database = await createScratchDatabase();
  const logs = mkdtempSync(join(tmpdir(), 'chat-identity-compare-'));
  // One answer for every server, the size of a Glassix identity.
  const bodies = JSON.stringify({ glassix: { integration: 'glassix', vendor: 'glassix', userId: randomBytes(16).toString('hex'), expiresAt: null, handoff: { token: 'x'.repeat(360) }, logout: 'window.Glassix.logout()' } });
  const pipeline = async (buildDirectory: string): Promise<ServerChild> => {
    const log = openSync(join(logs, `${buildDirectory.split('/').at(-1)}.log`), 'a');
    try {
      return await startServer(new URL(`file://${buildDirectory}/bench/servers/chat-identity.js`), {
        stdoutFd: log,
        env: {
          DATABASE_URL: database.url,
          DATA_DIR: logs,
          MASTER_KEYS: `compare:${randomBytes(32).toString('base64')}`,
          ADMIN_API_KEYS: randomBytes(24).toString('base64url'),
          AUTH_JWT_SECRET: USER_TOKEN_SECRET,
          AUTH_ATTRIBUTE_CLAIMS: 'plan',
          RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '100000000',
          RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
          LOG_LEVEL: 'info',
          BENCH_BODIES: bodies,
        },
      });
    } finally {
      closeSync(log);
    }
  };
  try {
    const servers = [await pipeline(buildA), await pipeline(buildB), await startServer(new URL('./servers/nest-empty.js', import.meta.url), { env: { BENCH_BODIES: bodies } })];
    const key = createSecretKey(Buffer.from(USER_TOKEN_SECRET, 'utf8'));
    const now = Math.floor(Date.now() / 1000);
    const requests = Array.from({ length: 1000 }, (_, n) =>
      tokenRequest('/v1/identity/glassix', hs256({ sub: `compare-${n}`, email: `compare-${n}@example.com`, name: `User ${n}`, plan: 'gold', iat: now, exp: now + 3600 }, key)),
    );
    const [a, b, empty] = await driveInTurns(servers.map((server) => ({ url: server.url, pid: server.pid, requests })), LOAD, ROUNDS);
    const byTurn = ratiosByRound(b, a);
    const row = (name: string, slices: typeof a): string[] => {
      const all = combined(slices);
      return [name, fixed(all.requestsPerSecond), fixed(all.cpuMicrosPerRequest, 0), median(ratiosByRound(slices, empty)).toFixed(2), fixed(all.failures)];
    };
    console.log(`(p) of two commits and the empty handler (b), ${LOAD.connections} connections, ${ROUNDS} turns of 2 s:\n`);
    console.log(table(['server', 'req/s', 'server CPU µs/req', 'over (b), median turn', 'non-2xx/errors'], [row(`A ${commitA}`, a), row(`B ${commitB}`, b), row('(b) empty NestJS + Fastify', empty)]));
    console.log(`\nB/A by turn: ${byTurn.map((ratio) => ratio.toFixed(2)).join(' ')}; median ${median(byTurn).toFixed(2)}`);
  } finally {
    await stopAll();
    await database.dispose();
    rmSync(logs, { recursive: true, force: true });
  }
}

await main();
