/**
 * Every command a user runs answers --help, and a bad setting or argument stops it with one line
 * naming the problem, a non-zero exit and no stack trace, before anything is built or listens.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './paths';

const tsx = ['--import', 'tsx'];
const COMMANDS: Record<string, string[]> = {
  notes: [...tsx, 'scripts/notes.ts'],
  bench: [...tsx, 'scripts/bench.ts'],
  load: [...tsx, 'scripts/load.ts'],
  soak: [...tsx, 'scripts/load.ts', '--soak'],
  faults: [...tsx, 'scripts/faults.ts'],
  'note-service': [...tsx, 'scripts/note-service.ts'],
  lighthouse: [...tsx, 'scripts/bench/lighthouse.ts'],
  package: ['scripts/package-function.mjs'],
  start: ['scripts/start.mjs'],
  deploy: [...tsx, 'scripts/deploy.ts'],
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...(COMMANDS[command] ?? []), ...args], {
    cwd: repoRoot,
    // A database of our own: nothing lands in the checkout's data/.
    env: { ...process.env, NOTES_DB_PATH: join(dir, 'notes.db'), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** One non-empty line, no stack frames. */
function expectOneLine(text: string): void {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  expect(lines, text).toHaveLength(1);
  expect(text).not.toMatch(/^\s+at /m);
}

describe('--help and -h print the usage and exit 0, doing nothing else', () => {
  it.each([...Object.keys(COMMANDS).map((command) => [command, '--help']), ['notes', '-h'], ['start', '-h']])('%s %s', (command, flag) => {
    const result = run(command, [flag]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^usage: /i);
    expect(result.status).toBe(0);
  });
});

describe('a bad setting stops the command with one line naming the variable and the expected form', () => {
  const BAD: Array<[Record<string, string>, RegExp]> = [
    [{ SITE_URL: 'notaurl' }, /SITE_URL must be an absolute http\(s\) URL \(got "notaurl"\)/],
    [{ NOTE_STORE: 'http', NOTE_SERVICE_URL: '' }, /NOTE_SERVICE_URL is required when NOTE_STORE=http/],
    [{ NOTEBOOK_PAGE_SIZE: '-3' }, /NOTEBOOK_PAGE_SIZE must be a positive integer \(got "-3"\)/],
    [{ PORT: 'abc' }, /PORT must be a port number from 0 to 65535 \(got "abc"\)/],
    [{ PORT: '70000' }, /PORT must be a port number/],
    [{ DEPLOY_ENV: 'prod' }, /DEPLOY_ENV must be one of production, preview, development/],
  ];
  // Every setting through the publishing CLI; two of them through the server and the note service.
  const cases = [...BAD.map(([env, message]) => ['notes', env, message] as const), ...['start', 'note-service'].flatMap((command) => BAD.filter((_, i) => i === 0 || i === 3).map(([env, message]) => [command, env, message] as const))];
  it.each(cases)('%s with %o', (command, env, message) => {
    const result = run(command, command === 'notes' ? ['list'] : [], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expectOneLine(result.stderr);
    expect(result.stdout).not.toMatch(/ready|listening/);
  });
});

describe('arguments', () => {
  it.each([
    ['notes', ['--bogus'], /Unknown option '--bogus'/],
    ['bench', ['--bogus'], /unknown argument: --bogus/],
    ['load', ['--bogus', '1'], /unknown argument "--bogus"/],
    ['load', ['--duration', 'soon'], /--duration needs a positive number/],
    ['faults', ['--fast'], /unknown argument "--fast"/],
    ['start', ['--bogus'], /unknown argument --bogus/],
    ['package', ['--bogus'], /unknown argument --bogus/],
  ] as const)('%s %o is refused in one line', (command, args, message) => {
    const result = run(command, [...args]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expectOneLine(result.stderr);
  });

  it.each([
    ['a folder', (d: string) => d, /is a folder: pass the \.enex files in it/],
    ['a missing file', (d: string) => join(d, 'missing.enex'), /missing\.enex does not exist/],
  ])('notes import of %s says what is wrong, in one line', (_, target, message) => {
    const folder = join(dir, 'exports');
    mkdirSync(folder, { recursive: true });
    const result = run('notes', ['import', target(folder)]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(message);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/EISDIR|ENOENT|^\s+at /m);
  });
});

describe('npm start on a port another server holds', () => {
  let holder: Server;
  let port: number;
  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((done) => holder.listen(0, '0.0.0.0', done));
    port = (holder.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((done) => holder.close(() => done())));

  it('says the port is in use, exits 1 and never says ready', () => {
    const result = run('start', [], { PORT: String(port), HOST: '0.0.0.0' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`port ${port} is in use`));
    expectOneLine(result.stderr);
    expect(result.stdout).not.toMatch(/ready/);
  });
});
