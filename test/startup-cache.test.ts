import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { repoRoot } from './paths';

/**
 * startup-cache.js patches Node's module loader, so every case runs in its own process: a small
 * package (root/) whose entry installs the cache, loads a few modules and prints what it got.
 */
interface Run {
  status: number | null;
  result: { values: unknown[]; stack: string; dynamic: string } | null;
  stats: { enabled: boolean; recording: boolean; hits: number; rejected: number; compiled: number; resolved: number } | null;
  stderr: string;
}

let dir = '';
let root = '';

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

function run(env: Record<string, string> = {}): Run {
  const child = spawnSync(process.execPath, [join(root, 'main.js')], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', STARTUP_CACHE_STATS: '1', ...env },
    timeout: 30_000,
  });
  const out = child.stdout.trim().split('\n').pop() ?? '';
  const statsLine = child.stderr.split('\n').find((line) => line.startsWith('startup cache: {'));
  return {
    status: child.status,
    result: out ? (JSON.parse(out) as Run['result']) : null,
    stats: statsLine ? (JSON.parse(statsLine.slice('startup cache: '.length)) as Run['stats']) : null,
    stderr: child.stderr,
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'startup-cache-test-'));
  root = join(dir, 'root');
  write(join(root, 'main.js'), [
    `require(${JSON.stringify(join(repoRoot, 'runtime', 'startup-cache.js'))}).install(__dirname);`,
    "const a = require('./a');",
    "const b = require('./lib/b');",
    "const dep = require('dep');",
    "let stack = '';",
    'try { a.fail(); } catch (error) { stack = error.stack; }',
    "require('./dynamic').load().then((dynamic) => {",
    '  process.stdout.write(JSON.stringify({ values: [a.value, b.value, dep.value, a.viaB], stack, dynamic }) + "\\n");',
    '});',
  ].join('\n'));
  write(join(root, 'a.js'), "const b = require('./lib/b');\nexports.value = 'a';\nexports.viaB = b.value;\nexports.fail = function fail() { throw new Error('boom'); };\n");
  write(join(root, 'lib', 'b.js'), "exports.value = 'b-1';\n");
  write(join(root, 'node_modules', 'dep', 'package.json'), JSON.stringify({ name: 'dep', main: 'main.js' }));
  write(join(root, 'node_modules', 'dep', 'main.js'), "module.exports = { value: 'dep' };\n");
  write(join(root, 'dynamic.js'), "exports.load = () => import('node:path').then((m) => typeof m.join);\n");
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const expected = ['a', 'b-1', 'dep', 'b-1'];

describe('startup-cache.js', () => {
  it('records a cache on exit, then serves every module and resolution from it', () => {
    const recorded = run({ STARTUP_CACHE_RECORD: '1' });
    expect(recorded.status).toBe(0);
    expect(recorded.result?.values).toEqual(expected);
    expect(recorded.stats).toMatchObject({ enabled: true, recording: true, compiled: 3 });
    expect(recorded.stderr).toMatch(/wrote 3 modules and \d+ resolutions/);

    const cached = run();
    expect(cached.status).toBe(0);
    expect(cached.result?.values).toEqual(expected);
    // a.js, lib/b.js and dep/main.js; dynamic.js uses import() and is left to Node.
    expect(cached.stats).toMatchObject({ enabled: true, recording: false, hits: 3, rejected: 0 });
    expect(cached.stats?.resolved).toBeGreaterThanOrEqual(3);
    expect(cached.result?.dynamic).toBe('function');
  });

  it('keeps stack traces pointing at the module source (line and column)', () => {
    run({ STARTUP_CACHE_RECORD: '1' });
    const cached = run();
    expect(cached.stats?.hits).toBe(3);
    // `new Error('boom')` is on line 4, column 40, as Node's own loader reports it.
    expect(cached.result?.stack).toContain(`${join(root, 'a.js')}:4:40`);
    expect(cached.result?.stack).toBe(run({ STARTUP_CACHE: 'off' }).result?.stack);
  });

  it('compiles from source in a package moved after recording, so stack traces name the new folder', () => {
    run({ STARTUP_CACHE_RECORD: '1' });
    const recordedAt = root;
    const moved = join(dir, 'moved');
    spawnSync('cp', ['-a', root, moved]);
    rmSync(root, { recursive: true, force: true });
    root = moved;
    // main.js installs the cache for its own folder (__dirname), now the moved one.
    const cached = run();
    expect(cached.status).toBe(0);
    expect(cached.result?.values).toEqual(expected);
    // V8 would report the recording folder for code from its cache (and code that finds files
    // from its stack, like bindings, would look there): the code cache is not used.
    expect(cached.stats).toMatchObject({ enabled: true, hits: 0, rejected: 0 });
    expect(cached.stats?.resolved).toBeGreaterThanOrEqual(3);
    expect(cached.result?.stack).toContain(`${join(moved, 'a.js')}:4:40`);
    expect(cached.result?.stack).not.toContain(recordedAt);
    expect(cached.stderr).toContain(`recorded with the package at ${recordedAt}`);
  });

  it('compiles a module from source when it changed since the cache was made', () => {
    run({ STARTUP_CACHE_RECORD: '1' });
    // Same length, other content: V8's own check (source length) would accept the stale cache.
    write(join(root, 'lib', 'b.js'), "exports.value = 'b-2';\n");
    const cached = run();
    expect(cached.status).toBe(0);
    expect(cached.result?.values).toEqual(['a', 'b-2', 'dep', 'b-2']);
    expect(cached.stats).toMatchObject({ hits: 2, rejected: 0 });
  });

  it('starts normally from a truncated, garbled or foreign cache file', () => {
    run({ STARTUP_CACHE_RECORD: '1' });
    const file = join(root, 'startup-cache.bin');
    const original = readFileSync(file);

    truncateSync(file, Math.floor(original.length / 2));
    const truncated = run();
    expect(truncated).toMatchObject({ status: 0, result: { values: expected }, stats: { enabled: false } });
    expect(truncated.stderr).toContain('not used: the file is truncated or malformed');

    writeFileSync(file, Buffer.from('not a cache at all'));
    expect(run()).toMatchObject({ status: 0, result: { values: expected }, stats: { enabled: false } });

    const headerLength = original.readUInt32LE(0);
    const header = JSON.parse(original.subarray(4, 4 + headerLength).toString('utf8')) as Record<string, unknown>;
    const foreign = Buffer.from(JSON.stringify({ ...header, v8: '0.0.0' }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(foreign.length);
    writeFileSync(file, Buffer.concat([length, foreign, original.subarray(4 + headerLength)]));
    const other = run();
    expect(other).toMatchObject({ status: 0, result: { values: expected }, stats: { enabled: false } });
    // The operator learns why, once: the package was recorded by another Node.js release.
    expect(other.stderr.match(/start-up cache .* not used: it was recorded by Node\.js v[\d.]+ \(V8 0\.0\.0/g)).toHaveLength(1);
  });

  it('says nothing when the package has no cache file', () => {
    const plain = run();
    expect(plain).toMatchObject({ status: 0, result: { values: expected }, stats: { enabled: false } });
    expect(plain.stderr).not.toContain('not used');
  });

  it('falls back to compiling when V8 rejects the cached code', () => {
    run({ STARTUP_CACHE_RECORD: '1' });
    // Other V8 flags than the recording run: V8 refuses the code cache, the modules compile from source.
    const child = spawnSync(process.execPath, ['--no-lazy', join(root, 'main.js')], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', STARTUP_CACHE_STATS: '1' } });
    expect(child.status).toBe(0);
    expect((JSON.parse(child.stdout.trim()) as NonNullable<Run['result']>).values).toEqual(expected);
    const stats = JSON.parse(child.stderr.split('\n').find((line) => line.startsWith('startup cache: {'))?.slice('startup cache: '.length) ?? '{}') as Run['stats'];
    expect(stats).toMatchObject({ enabled: true, hits: 0, rejected: 3 });
    expect(child.stderr.match(/V8 rejected the cached code/g)).toHaveLength(1);
  });

  it('does nothing with STARTUP_CACHE=off', () => {
    run({ STARTUP_CACHE_RECORD: '1' });
    expect(run({ STARTUP_CACHE: 'off' })).toMatchObject({ status: 0, result: { values: expected }, stats: { enabled: false } });
  });
});
