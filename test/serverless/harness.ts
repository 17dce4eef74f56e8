import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { repoRoot } from '../paths';

/** Processes started by integration tests, with their output kept for failure messages. */
export interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`server at ${url} did not answer within ${timeoutMs} ms:\n${output()}`);
}

/** `readyPath`: the URL path polled until the server answers (its first request). */
export async function startProcess(command: string, args: string[], env: Record<string, string>, port: number, options: { cwd?: string; readyPath?: string } = {}): Promise<Server> {
  const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const output = (): string => log;
  await waitForHttp(`${url}${options.readyPath ?? '/'}`, child, output);
  return {
    url,
    child,
    output,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      // A server stuck in synchronous work never runs its SIGTERM handler: escalate.
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    }),
  };
}

/**
 * A seeded demo database in a fresh temp folder that any user may write (the read-only test runs
 * the server as an unprivileged user). Seeding goes through the publishing CLI, like an operator.
 */
/** Temp folders made by this test file's helpers, removed after its last test (servers stop first: hooks run last-registered first). */
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'notes-db-'));
  tempDirs.push(dir);
  return dir;
}

export function seededDatabase(): { dir: string; dbPath: string } {
  const dir = tempDir();
  chmodSync(dir, 0o777);
  const dbPath = join(dir, 'notes.db');
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/notes.ts', 'list'], {
    cwd: repoRoot,
    env: { ...process.env, NOTES_DB_PATH: dbPath, NOTES_SEED_DEMO: 'true' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`seeding failed: ${result.stderr}`);
  chmodSync(dbPath, 0o666);
  return { dir, dbPath };
}

export function copyDatabase(dbPath: string): string {
  const dir = tempDir();
  chmodSync(dir, 0o777);
  const copy = join(dir, 'notes.db');
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(dbPath + suffix)) copyFileSync(dbPath + suffix, copy + suffix);
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(copy + suffix)) chmodSync(copy + suffix, 0o666);
  return copy;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const functionDir = join(repoRoot, 'dist');

export function requireFunctionPackage(): void {
  if (!existsSync(join(functionDir, 'server.js'))) throw new Error('dist/ is missing: run "npm run build && npm run package" first');
}

/** `count` distinct free ports chosen by the OS: held open together (so they differ), then released. */
export async function freePorts(count: number): Promise<number[]> {
  const probes = await Promise.all(Array.from({ length: count }, () => new Promise<ReturnType<typeof createTcpServer>>((resolve, reject) => {
    const probe = createTcpServer();
    probe.once('error', reject);
    probe.listen(0, '0.0.0.0', () => resolve(probe));
  })));
  const ports = probes.map((probe) => (probe.address() as AddressInfo).port);
  await Promise.all(probes.map((probe) => new Promise<void>((resolve) => probe.close(() => resolve()))));
  return ports;
}
