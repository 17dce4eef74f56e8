import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SearchNotifier } from './search-notify';

interface Received {
  path: string;
  contentType: string;
  body: string;
}

describe('SearchNotifier against a local stand-in for IndexNow and Baidu', () => {
  let server: Server;
  let base = '';
  const received: Received[] = [];
  /** Status codes to answer, in order, per path prefix; then 200. */
  const script: Record<string, number[]> = {};

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const path = req.url ?? '';
        received.push({ path, contentType: req.headers['content-type'] ?? '', body });
        const prefix = path.startsWith('/indexnow') ? 'indexnow' : 'baidu';
        const status = script[prefix]?.shift() ?? 200;
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(prefix === 'baidu' ? JSON.stringify(status === 200 ? { success: body.split('\n').length, remain: 100_000 } : { error: status, message: status === 400 ? 'over quota' : 'server error' }) : '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    for (const key of Object.keys(script)) delete script[key];
  });

  const notifier = (overrides: { indexNow?: boolean; baidu?: boolean } = {}): SearchNotifier => new SearchNotifier({
    indexNow: overrides.indexNow === false ? null : { endpoint: `${base}/indexnow`, key: 'a1b2c3d4e5f6a7b8', siteUrl: 'https://notes.example.com' },
    baidu: overrides.baidu === false ? null : { endpoint: `${base}/urls`, token: 'tok en', siteUrl: 'https://notes.example.com' },
    sleep: () => Promise.resolve(),
  });
  const urls = (n: number): string[] => Array.from({ length: n }, (_, i) => `https://notes.example.com/s/${String(i).padStart(22, '0')}/n`);

  it('batches IndexNow at 10,000 and Baidu at 2,000 URLs, with the documented request shapes', async () => {
    const n = notifier();
    n.notify(urls(25_000));
    await n.flush();
    const indexNow = received.filter((r) => r.path === '/indexnow');
    const baidu = received.filter((r) => r.path.startsWith('/urls'));
    expect(indexNow.map((r) => (JSON.parse(r.body) as { urlList: string[] }).urlList.length)).toEqual([10_000, 10_000, 5_000]);
    expect(JSON.parse(indexNow[0]?.body ?? '{}')).toMatchObject({ host: 'notes.example.com', key: 'a1b2c3d4e5f6a7b8', keyLocation: 'https://notes.example.com/a1b2c3d4e5f6a7b8.txt' });
    expect(indexNow[0]?.contentType).toBe('application/json; charset=utf-8');
    expect(baidu).toHaveLength(13);
    expect(baidu[0]?.path).toBe('/urls?site=https%3A%2F%2Fnotes.example.com&token=tok%20en');
    expect(baidu[0]?.contentType).toBe('text/plain');
    expect(baidu[0]?.body.split('\n')).toHaveLength(2_000);
  });

  it('deduplicates, and coalesces notifications queued while a batch is in flight', async () => {
    const n = notifier({ baidu: false });
    n.notify(['https://notes.example.com/a', 'https://notes.example.com/a']);
    n.notify(['https://notes.example.com/b']);
    await n.flush();
    const lists = received.map((r) => (JSON.parse(r.body) as { urlList: string[] }).urlList);
    expect(lists.flat().sort()).toEqual(['https://notes.example.com/a', 'https://notes.example.com/b']);
  });

  it('retries 5xx and 429 with backoff, but not 4xx errors', async () => {
    script.indexnow = [503, 429, 200];
    const n = notifier({ baidu: false });
    n.notify(['https://notes.example.com/x']);
    await n.flush();
    expect(received).toHaveLength(3);

    received.length = 0;
    script.indexnow = [422];
    n.notify(['https://notes.example.com/y']);
    await n.flush();
    expect(received).toHaveLength(1);
  });

  it('stops pushing to Baidu once the daily quota is used up', async () => {
    script.baidu = [400];
    const n = notifier({ indexNow: false });
    n.notify(['https://notes.example.com/1']);
    await n.flush();
    n.notify(['https://notes.example.com/2']);
    await n.flush();
    expect(received).toHaveLength(1);
  });

  it('gives up after the maximum number of attempts on a dead endpoint', async () => {
    const dead = new SearchNotifier({ indexNow: { endpoint: 'http://127.0.0.1:1/indexnow', key: 'k'.repeat(16), siteUrl: 'https://notes.example.com' }, baidu: null, sleep: () => Promise.resolve(), maxAttempts: 3 });
    dead.notify(['https://notes.example.com/z']);
    await expect(dead.flush()).resolves.toBeUndefined();
  });

  it('sends removed URLs to IndexNow only, never to Baidu\'s new-links endpoint', async () => {
    const n = notifier();
    n.notify(['https://notes.example.com/live']);
    n.notify(['https://notes.example.com/gone'], 'gone');
    await n.flush();
    const indexNow = received.filter((r) => r.path === '/indexnow').flatMap((r) => (JSON.parse(r.body) as { urlList: string[] }).urlList);
    const baidu = received.filter((r) => r.path.startsWith('/urls')).flatMap((r) => r.body.split('\n'));
    expect(indexNow.sort()).toEqual(['https://notes.example.com/gone', 'https://notes.example.com/live']);
    expect(baidu).toEqual(['https://notes.example.com/live']);
  });

  it('sends nothing to Baidu when every URL is gone', async () => {
    const n = notifier({ indexNow: false });
    n.notify(['https://notes.example.com/gone'], 'gone');
    await n.flush();
    expect(received).toHaveLength(0);
  });

  it('does nothing when no engine is configured', async () => {
    const off = new SearchNotifier({ indexNow: null, baidu: null });
    off.notify(['https://notes.example.com/z']);
    await off.flush();
    expect(received).toHaveLength(0);
  });
});
