import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../fault-proxy';

/**
 * Runs a function package the way SCF runs a web function (SCF docs 583/56124 and 583/46771):
 * the package unzipped into /var/user, read-only; `scf_bootstrap` started there as an unprivileged
 * user with 1,024 file descriptors; /tmp the only writable folder (a fresh one); Node.js at
 * /var/lang/node20/bin/node, where scf_bootstrap looks for it; HTTP forwarded to the port it listens on.
 *
 * As root with mount namespaces (this machine, CI) that is done for real: a private mount namespace
 * whose filesystems are all remounted read-only except a new /tmp. Elsewhere the package is copied
 * read-only and run as `nobody` (root) or as the caller: `isolation` says which one a test got.
 */

export type Isolation = 'mount-namespace' | 'read-only-copy';

export interface ScfRunOptions {
  /** A code package: the zip SCF receives, or a folder laid out like it (scf_bootstrap at the top). */
  packagePath: string;
  /** The function's environment variables. */
  env?: Record<string, string>;
  /** SCF forwards to 9000; tests let the OS choose (other servers run beside them). */
  port?: number;
  /** URL path polled until the function answers. */
  readyPath?: string;
  timeoutMs?: number;
}

export interface ScfInstance {
  url: string;
  port: number;
  child: ChildProcess;
  isolation: Isolation;
  /** Everything the function printed (stdout and stderr). */
  output: () => string;
  stop: () => Promise<void>;
}

const NOBODY = '65534';

/** Whether this process may build the real sandbox (root and unshare(2) allowed). */
export function canUseMountNamespace(): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore' }).status === 0;
}

/** Unzips (Debian's unzip keeps the Unix modes, as SCF does: scf_bootstrap must stay executable) or copies the package. */
function layOut(packagePath: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scf-code-'));
  if (statSync(packagePath).isDirectory()) {
    cpSync(packagePath, dir, { recursive: true, verbatimSymlinks: true });
  } else {
    const result = spawnSync('unzip', ['-q', packagePath, '-d', dir], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`unzip ${packagePath} failed (${result.status}): ${result.stderr}`);
  }
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * The sandbox, as a script run by `unshare --mount`: /var replaced by a tmpfs holding only
 * /var/user (the code, read-only) and /var/lang/node20/bin/node; a new /tmp; every other filesystem
 * remounted read-only; then the function as `nobody` with `ulimit -n 1024`.
 */
const SANDBOX = String.raw`set -eu
code="$1"; node="$2"
mount -t tmpfs -o size=1m,mode=755 scf-var /var
mkdir -p /var/user /var/lang/node20/bin
: > /var/lang/node20/bin/node
mount --bind "$node" /var/lang/node20/bin/node
mount --bind "$code" /var/user
mount -t tmpfs -o size=512m,mode=1777 scf-tmp /tmp
for target in $(awk '{print $2}' /proc/self/mounts | sort -u); do
  case "$target" in /tmp|/proc|/proc/*|/sys|/sys/*|/dev|/dev/pts) continue ;; esac
  mount -o remount,bind,ro "$target" 2>/dev/null || true
done
ulimit -n 1024
cd /var/user
exec setpriv --reuid=${NOBODY} --regid=${NOBODY} --clear-groups --inh-caps=-all /var/user/scf_bootstrap`;

export async function runScfPackage(options: ScfRunOptions): Promise<ScfInstance> {
  const codeDir = layOut(options.packagePath);
  const port = options.port ?? (await freePort());
  const isolation: Isolation = canUseMountNamespace() ? 'mount-namespace' : 'read-only-copy';
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: '/tmp',
    TMPDIR: '/tmp',
    LANG: 'C.UTF-8',
    // Set by SCF in every function (doc 583/32748); lib/config.ts reads the first.
    TENCENTCLOUD_RUNENV: 'SCF',
    USER_CODE_ROOT: '/var/user/',
    ...options.env,
    SCF_PORT: String(port),
  };
  let child: ChildProcess;
  if (isolation === 'mount-namespace') {
    child = spawn('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', SANDBOX, 'sandbox', codeDir, process.execPath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    spawnSync('chmod', ['-R', 'a-w', codeDir]);
    const bootstrap = join(codeDir, 'scf_bootstrap');
    const asNobody = process.getuid?.() === 0 ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', bootstrap] : [bootstrap];
    child = spawn('bash', ['-c', 'ulimit -n 1024 && exec "$@"', 'scf', ...asNobody], { cwd: codeDir, env: { ...env, NODE_BIN: process.execPath }, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanUp = (): void => {
    spawnSync('chmod', ['-R', 'u+w', codeDir]);
    rmSync(codeDir, { recursive: true, force: true });
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    }
    cleanUp();
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(`${url}${options.readyPath ?? '/'}`, child, () => log, options.timeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, child, isolation, output: () => log, stop };
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the function exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`the function did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}
