/**
 * The packaged function refuses a bad setting or a taken port at start-up, in one line with a
 * non-zero exit, instead of listening and answering 500 (or letting another server look like it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionDir } from './harness';

let dir: string;
let holder: Server;
let busyPort: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fail-fast-test-'));
  holder = createServer();
  await new Promise<void>((done) => holder.listen(0, '0.0.0.0', done));
  busyPort = (holder.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((done) => holder.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

/** Runs dist/scf_bootstrap to its exit (a function that starts would be killed by the timeout). */
function bootstrap(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(join(functionDir, 'scf_bootstrap'), [], {
    cwd: functionDir,
    env: { ...process.env, NODE_BIN: process.execPath, SCF_PORT: String(busyPort), NOTES_DB_PATH: join(dir, 'notes.db'), ...env },
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLine(text: string): void {
  expect(text.split('\n').filter((line) => line.trim() !== ''), text).toHaveLength(1);
  expect(text).not.toMatch(/^\s+at /m);
}

describe('web function start-up', () => {
  it.each([
    [{ SITE_URL: 'notaurl' }, /^Invalid configuration: SITE_URL must be an absolute http\(s\) URL/],
    [{ NOTE_STORE: 'http', NOTE_SERVICE_URL: '' }, /^Invalid configuration: NOTE_SERVICE_URL is required when NOTE_STORE=http/],
    [{ NOTEBOOK_PAGE_SIZE: '-3' }, /^Invalid configuration: NOTEBOOK_PAGE_SIZE must be a positive integer/],
  ])('a bad setting %o: one line naming it, exit 1, nothing listens', (env, message) => {
    const result = bootstrap(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expectOneLine(result.stderr);
    expect(result.stdout).not.toMatch(/listening/);
  });

  it('a port in use: says so in one line and exits 1', () => {
    const result = bootstrap({});
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`port ${busyPort} on 0\\.0\\.0\\.0 is in use`));
    expectOneLine(result.stderr);
    expect(result.stdout).not.toMatch(/listening/);
  });
});
