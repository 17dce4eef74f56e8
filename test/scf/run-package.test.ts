import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionDir, requireFunctionPackage } from '../serverless/harness';
import { canUseMountNamespace, runScfPackage, type ScfInstance } from './run-package';

/** The sandbox other tests run packages in: what SCF promises a web function, checked on the running process. */
describe('runScfPackage: the package as SCF runs it', () => {
  let fn: ScfInstance;

  beforeAll(async () => {
    requireFunctionPackage();
    fn = await runScfPackage({ packagePath: functionDir, env: { NOTE_STORE: 'sqlite', NOTES_ALLOW_SQLITE_ON_SCF: 'true', SITE_URL: 'https://notes.example.com' }, readyPath: '/robots.txt' });
  });

  afterAll(async () => {
    await fn?.stop();
  });

  it('answers HTTP on the port it was given', async () => {
    const res = await fetch(`${fn.url}/robots.txt`);
    expect(res.status).toBe(200);
  });

  it('draws an Open Graph card in the package\'s card worker, read-only code folder and all', async () => {
    const note = /href="(\/s\/[^"]+)"/.exec(await (await fetch(`${fn.url}/explore`)).text())?.[1] ?? '/missing';
    const page = await (await fetch(fn.url + note)).text();
    const card = new URL(/<meta property="og:image" content="([^"]+)"/.exec(page)?.[1] ?? '/missing', fn.url).pathname;
    const res = await fetch(fn.url + card);
    expect(res.status, card).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
  });

  it('runs as an unprivileged user with 1,024 file descriptors', () => {
    const pid = fn.child.pid as number;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    expect(status).toMatch(/^Uid:\s+65534\s/m);
    expect(readFileSync(`/proc/${pid}/limits`, 'utf8')).toMatch(/^Max open files\s+1024\s+1024\s/m);
  });

  it('sees a read-only code folder and a writable /tmp (mount namespace only)', (ctx) => {
    expect(fn.isolation).toBe(canUseMountNamespace() ? 'mount-namespace' : 'read-only-copy');
    if (fn.isolation !== 'mount-namespace') ctx.skip('no mount namespaces here: the package ran from a read-only copy');
    const mounts = readFileSync(`/proc/${fn.child.pid as number}/mountinfo`, 'utf8').split('\n').map((line) => line.split(' '));
    const options = (target: string): string => mounts.filter((m) => m[4] === target).at(-1)?.[5] ?? '';
    expect(options('/var/user')).toMatch(/^ro\b/);
    expect(options('/')).toMatch(/^ro\b/);
    expect(options('/tmp')).toMatch(/^rw\b/);
    expect(readFileSync(`/proc/${fn.child.pid as number}/cmdline`, 'utf8').split('\0')[0]).toBe('/var/lang/node20/bin/node');
  });
});

describe('a function configured with the embedded store on SCF', () => {
  it('refuses to start, naming NOTE_STORE, instead of failing on its first note', async () => {
    requireFunctionPackage();
    const started = runScfPackage({ packagePath: functionDir, env: { SITE_URL: 'https://notes.example.com' }, timeoutMs: 30_000 });
    await expect(started).rejects.toThrow(/exited \(1\)[\s\S]*NOTE_STORE[\s\S]*NOTE_STORE=http/);
  });
});
