/**
 * Child processes and /proc readings for `npm run bench`. Every child the bench starts is tracked
 * here and killed (by pid, never by name) when the bench ends, however it ends.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');
export const functionDir = join(repoRoot, 'dist');
export const tsxCli = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
export const nextBin = join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** A started process with its output kept (the tail) for error messages. */
export interface Proc {
  child: ChildProcess;
  pid: number;
  startedAt: number;
  output: () => string;
  exited: () => boolean;
  stop: () => Promise<void>;
}

/**
 * Starts `command` with `env` added to this process's environment, or, with `inheritEnv: false`,
 * with `env` alone (cold starts: scf-env.ts).
 */
export function startProc(command: string, args: string[], env: Record<string, string>, cwd: string = repoRoot, { inheritEnv = true } = {}): Proc {
  const startedAt = performance.now();
  // Next's types make NODE_ENV a required key of ProcessEnv; a clean environment need not have it.
  const childEnv = (inheritEnv ? { ...process.env, ...env } : env) as NodeJS.ProcessEnv;
  const child = spawn(command, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let log = '';
  const keep = (d: Buffer): void => {
    log = (log + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  child.once('exit', () => children.delete(child));
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return {
    child,
    pid: child.pid,
    startedAt,
    output: () => log,
    exited,
    stop: () => new Promise<void>((done) => {
      if (exited()) return done();
      child.once('exit', () => done());
      child.kill('SIGKILL');
    }),
  };
}

/** Kills every child still running. Synchronous, so it also works from process.on('exit'). */
export function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

export function tempDir(prefix = 'notes-bench-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Copies a SQLite database (with its WAL files) into a fresh temp folder; returns the absolute path. */
export function copyDatabase(dbPath: string): string {
  const copy = join(tempDir('notes-bench-db-'), 'notes.db');
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(dbPath + suffix)) copyFileSync(dbPath + suffix, copy + suffix);
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(copy + suffix)) chmodSync(copy + suffix, 0o666);
  return copy;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Fails when something already listens on the port: the bench must never measure a foreign server. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      fail(new Error(`port ${port} is already in use; the bench uses ports 9400-9499`));
    });
    socket.once('error', () => {
      socket.destroy();
      done();
    });
  });
}

/** Polls `url` until it answers with `status`; returns the time since the process was spawned (ms). */
export async function waitForStatus(proc: Proc, url: string, status = 200, timeoutMs = 90_000, intervalMs = 5): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (proc.exited()) throw new Error(`process ${proc.pid} exited (code ${proc.child.exitCode ?? '-'}, signal ${proc.child.signalCode ?? '-'}) before answering ${url}:\n${proc.output()}`);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      if (res.status === status) return performance.now() - proc.startedAt;
    } catch {
      // not listening yet
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms:\n${proc.output()}`);
}

function statusField(pid: number, field: string): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  if (!match?.[1]) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Resident set size of a process, bytes. */
export function rssBytes(pid: number): number {
  return statusField(pid, 'VmRSS');
}

/** Peak resident set size (high-water mark) of a process, bytes. */
export function peakRssBytes(pid: number): number {
  return statusField(pid, 'VmHWM');
}

let clockTicks: number | null = null;

function ticksPerSecond(): number {
  if (clockTicks === null) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const value = Number(out.stdout?.trim());
    clockTicks = Number.isFinite(value) && value > 0 ? value : 100;
  }
  return clockTicks;
}

/** User + system CPU seconds a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces and parentheses: fields are counted after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime) are indexes 11 and 12 after the name.
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/**
 * CPU time a running process has used so far, ms, summed over its threads from
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds, unlike the 10 ms ticks of /proc/<pid>/stat); null
 * where that is not readable.
 */
export function processCpuMs(pid: number): number | null {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : null;
  } catch {
    return null;
  }
}

/** Pids of the process and all its descendants (a server that forks workers is measured whole). */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(entry));
      parents.set(ppid, list);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const next = stack.pop() as number;
    out.push(next);
    stack.push(...(parents.get(next) ?? []));
  }
  return out;
}

export function treeRssBytes(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    try {
      return sum + rssBytes(p);
    } catch {
      return sum;
    }
  }, 0);
}

export function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    try {
      return sum + cpuSeconds(p);
    } catch {
      return sum;
    }
  }, 0);
}
