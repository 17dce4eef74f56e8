/**
 * The production server under test, started the way users start it: `node scripts/start.mjs`,
 * which builds first when there is no build or the sources changed since (its own rule), then runs
 * the standalone server. start.mjs runs the server as its own child, so stopping kills the whole
 * process tree by pid.
 */
import { join } from 'node:path';
import { processTree, repoRoot, startProc, waitForStatus, type Proc } from '../bench/procs';

/** A first `next build` on two cores takes minutes; a ready build starts in a second. */
const START_TIMEOUT_MS = 20 * 60_000;

export interface Server {
  proc: Proc;
  baseUrl: string;
  /** Error lines the server logged (JSON lines at level "error", or stack traces). */
  errorLines: () => string[];
  stop: () => void;
}

export async function startServer(port: number, dbPath: string, onLine: (line: string) => void): Promise<Server> {
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    SITE_URL: `http://127.0.0.1:${port}`,
    NOTES_DB_PATH: dbPath,
    NOTES_SEED_DEMO: 'false',
    DEPLOY_ENV: 'production',
    BENCH_ROUTES: 'true',
    // The memory route forces a full GC before it reads process.memoryUsage().
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--expose-gc'].filter(Boolean).join(' '),
  };
  const proc = startProc(process.execPath, [join(repoRoot, 'scripts', 'start.mjs')], env);
  const errors: string[] = [];
  let partial = '';
  const onData = (data: Buffer): void => {
    const lines = (partial + data.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (/"level":"error"|^\s*(\w*Error|at )\b/.test(line)) errors.push(line);
      onLine(line);
    }
  };
  proc.child.stdout?.on('data', onData);
  proc.child.stderr?.on('data', onData);
  // Pids seen while the server ran: if start.mjs dies first, its orphaned child is still killed.
  const known = new Set<number>();
  const stop = (): void => {
    for (const pid of new Set([...processTree(proc.pid), ...known].reverse())) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForStatus(proc, `${baseUrl}/robots.txt`, 200, START_TIMEOUT_MS, 250);
    for (const pid of processTree(proc.pid)) known.add(pid);
  } catch (error) {
    stop();
    throw error;
  }
  return { proc, baseUrl, errorLines: () => errors, stop };
}
