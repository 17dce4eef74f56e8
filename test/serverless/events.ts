import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths';

export interface ScfEvent {
  httpMethod: string;
  path: string;
  headers: Record<string, string>;
  queryString: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

export interface ProxyResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
  /** Set by invoke-event.cjs: Next.js's server was loaded when this invocation returned. */
  nextLoaded?: boolean;
}

const fixtureDir = join(repoRoot, 'test', 'fixtures', 'events');

/** Loads the event fixtures, filling `{{share:Title}}`-style placeholders through `resolve`. */
export function loadEvents(resolve: (kind: string, arg: string) => string): Record<string, ScfEvent> {
  const events: Record<string, ScfEvent> = {};
  for (const file of readdirSync(fixtureDir).filter((f) => f.endsWith('.json'))) {
    const text = readFileSync(join(fixtureDir, file), 'utf8').replace(/\{\{(\w+):([^}]+)\}\}/g, (_m, kind: string, arg: string) => JSON.stringify(resolve(kind, arg)).slice(1, -1));
    events[file.replace(/\.json$/, '')] = JSON.parse(text) as ScfEvent;
  }
  return events;
}

/** Runs test/serverless/invoke-event.cjs in a fresh Node process against the function in `dir`. */
export function invoke<T>(input: { dir: string; events: ScfEvent[]; repeat?: number; control?: boolean }, env: Record<string, string>): T {
  const result = spawnSync(process.execPath, [join(repoRoot, 'test', 'serverless', 'invoke-event.cjs')], {
    input: JSON.stringify(input),
    env: { ...process.env, ...env, NODE_PATH: join(repoRoot, 'node_modules') },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`invoke-event failed (${result.status}): ${result.stderr}`);
  // Next.js may print to stdout; the result follows the last marker.
  const marker = result.stdout.lastIndexOf('@@RESULT@@');
  if (marker < 0) throw new Error(`invoke-event printed no result: ${result.stdout.slice(0, 500)}`);
  return JSON.parse(result.stdout.slice(marker + '@@RESULT@@'.length)) as T;
}
