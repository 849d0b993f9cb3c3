import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ScratchDatabase } from '../src/database/scratch-database.js';
import { VENDOR_IDS } from '../src/vendors/vendor-catalog.js';
import { emptyDatabase } from './support/database.js';
import { type ServiceProcess, startServiceProcess } from './support/service-process.js';

/**
 * Every shell block of README.md and docs/*.md that calls the service (a line starting with `curl`), run as a
 * newcomer pastes it: one bash session per file, blocks in their order, against the built standalone service on a
 * fresh database. The only substitution: an `export` line that defines a documented placeholder (BASE, ADMIN_KEY,
 * SERVICE_KEY) gets this test's value instead (the README reads them from ./.data, which exists only in the
 * zero-setup mode).
 *
 * Convention: a command answers 2xx, unless one of its lines ends with `# -> <status>` (e.g. `# -> 409`), the
 * status it shows on purpose.
 */

const run = promisify(execFile);
const ADMIN_KEY = `docs-admin-${randomBytes(16).toString('hex')}`;
const SERVICE_KEY = `docs-service-${randomBytes(16).toString('hex')}`;
const STATUS_MARK = '::status ';
/** curl as pasted, plus one line after each answer naming its status (a failed connection shows 000). */
const CURL_RECORDING_STATUS = `curl() { command curl -w '\\n${STATUS_MARK}%{http_code}\\n' "$@"; }`;

interface Command {
  /** `file:line` of the command's first line. */
  at: string;
  text: string;
  /** The status the docs say it shows; undefined = any 2xx. */
  expected?: number;
}

interface ShellScript {
  file: string;
  script: string;
  commands: Command[];
}

const isCurlLine = (line: string): boolean => /^\s*curl\s/.test(line);

/** The shell blocks of one Markdown file that call the service, joined in order, with their curl commands. */
function serviceCommands(file: string, markdown: string, placeholders: Record<string, string>): ShellScript {
  const commands: Command[] = [];
  const scripts: string[] = [];
  for (const match of markdown.matchAll(/^```(?:sh|bash)\n([\s\S]*?)^```$/gm)) {
    const lines = match[1].split('\n');
    if (!lines.some(isCurlLine)) continue;
    const firstLine = markdown.slice(0, match.index).split('\n').length + 1;
    lines.forEach((line, index) => {
      if (isCurlLine(line)) commands.push({ at: `${file}:${firstLine + index}`, text: line.trim() });
      const shown = /#\s*->\s*(\d{3})\b/.exec(line);
      if (shown && commands.length > 0) commands[commands.length - 1].expected = Number(shown[1]);
    });
    scripts.push(lines.map((line) => withPlaceholders(line, placeholders)).join('\n'));
  }
  return { file, script: [CURL_RECORDING_STATUS, ...scripts].join('\n'), commands };
}

/** `export A=... B=...` naming only documented placeholders becomes `export A='<test value>' B='<test value>'`. */
function withPlaceholders(line: string, placeholders: Record<string, string>): string {
  const exported = /^export\s+(.*)$/.exec(line.trim());
  if (!exported) return line;
  const names = [...exported[1].matchAll(/(\w+)=(?:"[^"]*"|'[^']*'|\S+)/g)].map((assignment) => assignment[1]);
  if (names.length === 0 || !names.every((name) => name in placeholders)) return line;
  return `export ${names.map((name) => `${name}='${placeholders[name]}'`).join(' ')}`;
}

/** Each answer's body and status, in the order the commands ran. */
function answers(stdout: string): Array<{ status: number; body: string }> {
  const parts = stdout.split(new RegExp(`\\n${STATUS_MARK}(\\d{3})\\n`));
  const result: Array<{ status: number; body: string }> = [];
  for (let index = 0; index + 1 < parts.length; index += 2) result.push({ body: parts[index].trim(), status: Number(parts[index + 1]) });
  return result;
}

const is2xx = (status: number): boolean => status >= 200 && status < 300;

describe('the commands of README.md and docs/*.md, against a fresh standalone service', () => {
  let database: ScratchDatabase;
  let service: ServiceProcess;
  let cwd: string;
  const markdownFiles: Array<{ file: string; text: string }> = [];

  beforeAll(async () => {
    markdownFiles.push({ file: 'README.md', text: await readFile('README.md', 'utf8') });
    for (const name of (await readdir('docs')).filter((entry) => entry.endsWith('.md')).sort()) {
      markdownFiles.push({ file: `docs/${name}`, text: await readFile(join('docs', name), 'utf8') });
    }
    database = await emptyDatabase('docs_commands');
    service = await startServiceProcess({
      DATABASE_URL: database.url,
      MASTER_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      ADMIN_API_KEYS: ADMIN_KEY,
      TRUSTED_SERVICE_KEYS: SERVICE_KEY,
      LOG_LEVEL: 'silent',
    });
    // Nothing of the newcomer's ./.data: the placeholders carry the keys.
    cwd = await mkdtemp(join(tmpdir(), 'chat-identity-docs-'));
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await database?.dispose();
    if (cwd) await rm(cwd, { recursive: true, force: true });
  });

  it('shows a create command with its vendor id for every vendor', () => {
    const readme = markdownFiles[0].text;
    const missing = VENDOR_IDS.filter((vendor) => !new RegExp(`^\\s*curl .*/v1/admin/integrations [\\s\\S]*?"vendor":\\s*"${vendor}"`, 'm').test(readme));
    expect(missing).toEqual([]);
  });

  it('answers every command with the status the docs show', async () => {
    const placeholders = { BASE: service.baseUrl, ADMIN_KEY, SERVICE_KEY };
    const scripts = markdownFiles.map(({ file, text }) => serviceCommands(file, text, placeholders)).filter((script) => script.commands.length > 0);
    expect(scripts.map((script) => script.file)).toContain('README.md');
    for (const { script, commands } of scripts) {
      // A failing last command fails bash too: its output still says what each command answered.
      const { stdout, stderr } = await run('bash', ['--norc', '--noprofile', '-c', script], { cwd, env: { PATH: process.env.PATH }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }).catch(
        (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
      );
      const answered = answers(stdout);
      // One line per command: where it is, what the docs say it shows, what it answered (the body when that differs).
      const shown = commands.map((command, index) => {
        const answer = answered[index];
        const status = answer && (command.expected === undefined && is2xx(answer.status) ? '2xx' : answer.status);
        const wanted = command.expected ?? '2xx';
        return `${command.at} ${command.text.slice(0, 60)} -> ${status ?? 'not run'}${status === wanted ? '' : ` ${answer?.body ?? ''}`}`;
      });
      expect(shown).toEqual(commands.map((command) => `${command.at} ${command.text.slice(0, 60)} -> ${command.expected ?? '2xx'}`));
      expect({ answers: answered.length, stderr }).toEqual({ answers: commands.length, stderr: '' });
    }
  }, 120_000);
});
