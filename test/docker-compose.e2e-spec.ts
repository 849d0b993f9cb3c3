// The container setup is checked statically (no Docker engine is needed): docker-compose.yml is parsed
// as YAML, the Dockerfile as instructions, and both are compared with each other and package.json so a
// rename in one place fails here instead of at `docker compose up`.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { validateEnvironment } from '../src/config/environment.js';

type Environment = Record<string, string | null>;

interface Healthcheck {
  test?: string | string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}

interface ComposeService {
  image?: string;
  command?: string | string[];
  container_name?: string;
  deploy?: { replicas?: number };
  expose?: Array<string | number>;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Environment | string[];
  ports?: Array<string | number | { target?: number | string; published?: number | string }>;
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: Healthcheck;
}

interface ComposeFile {
  services?: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

interface DockerfileInstruction {
  keyword: string;
  args: string;
}

const readRepoFile = (name: string): string => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');

const compose = parse(readRepoFile('docker-compose.yml')) as ComposeFile & Record<string, unknown>;
const services = compose.services ?? {};
const postgres = services.postgres ?? {};
const app = services['chat-identity'] ?? {};
const redis = services.redis ?? {};
const proxy = services.proxy ?? {};
const packageJson = JSON.parse(readRepoFile('package.json')) as {
  scripts: Record<string, string>;
  engines?: { node?: string };
};

/** Both compose syntaxes (`KEY: value` map and `- KEY=value` list); a bare key maps to null. */
function environmentOf(service: ComposeService): Environment {
  const { environment } = service;
  if (!Array.isArray(environment)) {
    return environment ?? {};
  }
  return Object.fromEntries(
    environment.map((entry) => {
      const separator = entry.indexOf('=');
      return separator === -1 ? [entry, null] : [entry.slice(0, separator), entry.slice(separator + 1)];
    }),
  );
}

function healthcheckCommand(service: ComposeService): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

/** `${NAME}`, `${NAME:-default}`, `${NAME:?message}` ... -> a URL-safe stand-in, so URLs parse. */
const withPlaceholders = (value: string): string =>
  value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}/g, (_match, name: string) => `interpolated-${name}`);

/** `3000:3000`, `127.0.0.1:3000:3000/tcp` or the long syntax -> { published, target }. */
function publishedPorts(service: ComposeService): Array<{ published: string; target: string }> {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return { published: String(port.published ?? ''), target: String(port.target ?? '') };
    }
    const parts = String(port).replace(/\/(tcp|udp)$/, '').split(':');
    const target = parts.at(-1) ?? '';
    return { published: parts.length > 1 ? (parts.at(-2) ?? '') : '', target };
  });
}

/** Dockerfile -> instructions, with `\` continuations joined and comments dropped. */
function parseDockerfile(text: string): DockerfileInstruction[] {
  const logicalLines: string[] = [];
  let pending = '';
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.startsWith('#')) {
      continue;
    }
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const logical = `${pending}${line}`.trim();
    pending = '';
    if (logical !== '') {
      logicalLines.push(logical);
    }
  }
  return logicalLines.map((line) => {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    return { keyword: (match?.[1] ?? '').toUpperCase(), args: match?.[2] ?? '' };
  });
}

const dockerfile = parseDockerfile(readRepoFile('Dockerfile'));

/** The nginx configuration the proxy service mounts as its default server. */
const nginxMount = (proxy.volumes ?? [])
  .map((volume) => (typeof volume === 'string' ? volume.split(':') : [volume.source ?? '', volume.target ?? '']))
  .find(([, target]) => target?.startsWith('/etc/nginx/conf.d/'));
const nginxConfig = nginxMount ? readRepoFile(nginxMount[0].replace(/^\.\//, '')) : '';
const nginxListenPort = /^\s*listen\s+(\d+)\s*;/m.exec(nginxConfig)?.[1] ?? '';
const fromIndexes = dockerfile.flatMap((instruction, index) => (instruction.keyword === 'FROM' ? [index] : []));
const runtimeStage = dockerfile.slice(fromIndexes.at(-1) ?? dockerfile.length);
const lastInRuntime = (keyword: string): DockerfileInstruction | undefined =>
  runtimeStage.filter((instruction) => instruction.keyword === keyword).at(-1);

/** The script/entry a `node [--flags] entry.js` command line runs. */
function nodeEntry(argv: string[]): string | undefined {
  const [executable, ...rest] = argv;
  return executable === 'node' ? rest.find((argument) => !argument.startsWith('-')) : undefined;
}

describe('docker-compose.yml', () => {
  it('uses the Compose Specification (no obsolete top-level version)', () => {
    expect(compose).not.toHaveProperty('version');
  });

  it('defines the postgres, redis, chat-identity and proxy services', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'chat-identity', 'proxy']));
  });

  it('runs PostgreSQL 17 on a named volume', () => {
    const major = /^(?:docker\.io\/)?(?:library\/)?postgres:(\d+)(?:[.-]|$)/.exec(postgres.image ?? '')?.[1];
    expect(major).toBe('17');

    const dataVolume = (postgres.volumes ?? [])
      .map((volume) => (typeof volume === 'string' ? volume.split(':') : [volume.source ?? '', volume.target ?? '']))
      .find(([, target]) => target === '/var/lib/postgresql/data');
    expect(dataVolume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(dataVolume?.[0]);
  });

  it('health-checks postgres with pg_isready against the user and database it creates', () => {
    const environment = environmentOf(postgres);
    const command = healthcheckCommand(postgres);
    expect(command).toMatch(/\bpg_isready\b/);
    expect(/(?:^|\s)-d\s+(\S+)/.exec(command)?.[1]).toBe(environment.POSTGRES_DB);
    expect(/(?:^|\s)-U\s+(\S+)/.exec(command)?.[1]).toBe(environment.POSTGRES_USER ?? 'postgres');
    for (const setting of ['interval', 'timeout', 'retries', 'start_period'] as const) {
      expect(postgres.healthcheck?.[setting]).toBeDefined();
    }
  });

  it('starts chat-identity only once postgres and redis are healthy', () => {
    const dependsOn = app.depends_on;
    expect(Array.isArray(dependsOn)).toBe(false);
    for (const service of ['postgres', 'redis']) {
      expect((dependsOn as Record<string, { condition?: string }> | undefined)?.[service]?.condition).toBe('service_healthy');
    }
  });

  it('builds chat-identity from this repository and runs two replicas that publish no host port', () => {
    const context = typeof app.build === 'string' ? app.build : app.build?.context;
    expect(context).toBe('.');
    expect(app.deploy?.replicas).toBe(2);
    // A fixed container name or a host port would stop `--scale` (and a host port would bypass the proxy).
    expect(app.container_name).toBeUndefined();
    expect(publishedPorts(app)).toEqual([]);
    expect((app.expose ?? []).map(String)).toContain(environmentOf(app).PORT);
  });

  it('runs Redis from its official image, health-checked, without persistence, and points REDIS_URL at it', () => {
    expect(redis.image).toMatch(/^(?:docker\.io\/)?(?:library\/)?redis:\d/);
    expect(healthcheckCommand(redis)).toMatch(/\bredis-cli\b.*\bping\b/);
    const url = new URL(environmentOf(app).REDIS_URL ?? '');
    expect({ protocol: url.protocol, host: url.hostname, port: url.port || '6379' }).toEqual({ protocol: 'redis:', host: 'redis', port: '6379' });
  });

  it('puts nginx from its official image in front, on port 3000, once the replicas are healthy', () => {
    expect(proxy.image).toMatch(/^(?:docker\.io\/)?(?:library\/)?nginx:\d/);
    expect(publishedPorts(proxy)).toEqual([{ published: '3000', target: nginxListenPort }]);
    expect((proxy.depends_on as Record<string, { condition?: string }> | undefined)?.['chat-identity']?.condition).toBe('service_healthy');
    expect(healthcheckCommand(proxy)).toContain('/health');
  });

  it('mounts an nginx configuration from this repository that balances over every replica and appends X-Forwarded-For', () => {
    expect(nginxConfig).toMatch(/^\s*resolver\s+127\.0\.0\.11\b/m);
    // `resolve` re-reads the service name's addresses (one per replica) instead of the first one at start.
    expect(nginxConfig).toMatch(new RegExp(`^\\s*server\\s+chat-identity:${environmentOf(app).PORT}\\s+resolve\\s*;`, 'm'));
    expect(nginxConfig).toMatch(/^\s*zone\s+\S+\s+\d+k\s*;/m);
    expect(nginxConfig).toMatch(/^\s*proxy_pass\s+http:\/\/chat_identity\s*;/m);
    expect(nginxConfig).toMatch(/^\s*proxy_set_header\s+X-Forwarded-For\s+\$proxy_add_x_forwarded_for\s*;/m);
  });

  it('sets TRUST_PROXY to the one proxy in front, as a value the service accepts', () => {
    const trustProxy = environmentOf(app).TRUST_PROXY ?? '';
    expect(trustProxy).toBe('1');
    expect(() => validateEnvironment({ TRUST_PROXY: trustProxy })).not.toThrow();
  });

  it('points DATABASE_URL at the postgres service and the database, user and password it creates', () => {
    const appEnvironment = environmentOf(app);
    const postgresEnvironment = environmentOf(postgres);
    const rawUrl = appEnvironment.DATABASE_URL ?? '';
    const url = new URL(withPlaceholders(rawUrl));

    expect(url.protocol).toMatch(/^postgres(ql)?:$/);
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(postgresEnvironment.POSTGRES_DB);
    expect(decodeURIComponent(url.username)).toBe(postgresEnvironment.POSTGRES_USER ?? 'postgres');
    // The password is the same host variable postgres is initialised with, never a literal.
    expect(url.password).toMatch(/^interpolated-/);
    expect(withPlaceholders(postgresEnvironment.POSTGRES_PASSWORD ?? '')).toBe(url.password);
  });

  it.each(['MASTER_KEYS', 'ADMIN_API_KEYS'])('requires %s from the host environment, with no literal value', (name) => {
    const value = environmentOf(app)[name] ?? '';
    expect(value).toMatch(new RegExp(`^\\$\\{${name}:\\?[^}]+\\}$`));
  });

  it('requires the postgres password from the host environment', () => {
    expect(environmentOf(postgres).POSTGRES_PASSWORD ?? '').toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
  });

  it.each(['AUTH_JWT_SECRET', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'TRUSTED_SERVICE_KEYS', 'METRICS_TOKEN'])(
    'passes optional %s through only when the host sets it (never as a literal or an empty string)',
    (name) => {
      const environment = environmentOf(app);
      expect(environment).toHaveProperty(name);
      // A bare key is unset in the container when the host lacks it; `${VAR:-}` would send '' and
      // the service's configuration validation rejects empty AUTH_JWT_SECRET / AUTH_JWKS_URL.
      expect(environment[name]).toBeNull();
    },
  );

  it('health-checks chat-identity on /health/ready without tools the slim image lacks', () => {
    const command = healthcheckCommand(app);
    expect(command).toContain('/health/ready');
    expect(command).not.toMatch(/\b(curl|wget)\b/);
  });
});

describe('Dockerfile', () => {
  it('is a multi-stage build on Node >= the engines minimum', () => {
    expect(fromIndexes.length).toBeGreaterThanOrEqual(2);
    const requiredMajor = Number(/(\d+)/.exec(packageJson.engines?.node ?? '')?.[1]);
    for (const index of fromIndexes) {
      const major = Number(/(?:^|\s)node:(\d+)/.exec(dockerfile[index]?.args ?? '')?.[1]);
      expect(major).toBeGreaterThanOrEqual(requiredMajor);
    }
  });

  it('builds with a clean install and ships only production dependencies', () => {
    const runs = dockerfile.filter((instruction) => instruction.keyword === 'RUN').map(({ args }) => args);
    expect(runs.some((run) => /\bnpm ci\b/.test(run))).toBe(true);
    expect(runs.some((run) => /\bnpm run build\b/.test(run))).toBe(true);
    expect(runs.some((run) => /\bnpm prune\b.*--omit=dev/.test(run))).toBe(true);
    const runtimeCopies = runtimeStage.filter((instruction) => instruction.keyword === 'COPY').map(({ args }) => args);
    for (const path of ['node_modules', 'dist', 'package.json']) {
      expect(runtimeCopies.some((copy) => copy.startsWith('--from=') && copy.includes(path))).toBe(true);
    }
  });

  it('health-checks /health/ready with node itself', () => {
    const healthcheck = lastInRuntime('HEALTHCHECK')?.args ?? '';
    expect(healthcheck).toContain('/health/ready');
    expect(healthcheck).toMatch(/\bCMD\s+\[\s*"node"/);
    expect(healthcheck).not.toMatch(/\b(curl|wget)\b/);
  });

  it('runs as a non-root user', () => {
    const user = (lastInRuntime('USER')?.args ?? '').split(':')[0];
    expect(user).not.toBe('');
    expect(['root', '0']).not.toContain(user);
  });

  it('exposes the port the proxy forwards to', () => {
    const exposed = (lastInRuntime('EXPOSE')?.args ?? '').split(/\s+/).map((port) => port.replace(/\/tcp$/, ''));
    const upstreamPort = /^\s*server\s+chat-identity:(\d+)/m.exec(nginxConfig)?.[1];
    expect(upstreamPort).toBeDefined();
    expect(exposed).toContain(upstreamPort);
  });

  it('starts the same entry file as `npm run start:prod`', () => {
    const cmd = JSON.parse(lastInRuntime('CMD')?.args ?? 'null') as unknown;
    expect(Array.isArray(cmd)).toBe(true);
    const containerEntry = nodeEntry(cmd as string[]);
    const startProdEntry = nodeEntry((packageJson.scripts['start:prod'] ?? '').trim().split(/\s+/));
    expect(containerEntry).toBeDefined();
    expect(containerEntry).toBe(startProdEntry);
  });
});

describe('.dockerignore', () => {
  it('keeps host build output, dependencies and secrets out of the build context', () => {
    const patterns = readRepoFile('.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(patterns).toEqual(expect.arrayContaining(['node_modules', 'dist', '.env']));
  });
});
