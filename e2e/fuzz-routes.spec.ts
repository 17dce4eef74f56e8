import { expect, test } from '@playwright/test';
import { shareIdOf } from './notes';

/** Deterministic PRNG (mulberry32): the same inputs on every run, so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['', 'x', '..', '%2e%2e', '%00', '%ff', '%E2%80%AE', '周末', '%E5%91%A8', '<script>', '"\'', '\\', ';', '$', '~', '*', 'a'.repeat(300), '%25', '+', ' ', '%20', '?', '#', '&', '='];

test('random and malformed URLs, methods and headers never produce a 5xx', async ({ request }) => {
  test.setTimeout(120_000);
  const random = prng(20261126);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const live = shareIdOf('Sourdough');
  const failures: string[] = [];
  const check = async (label: string, send: () => Promise<{ status(): number }>): Promise<void> => {
    const status = (await send()).status();
    if (status >= 500) failures.push(`${status} ${label}`);
  };
  for (let i = 0; i < 300; i += 1) {
    const id = pick([live, live.slice(0, 21), `${live}x`, 'AAAAAAAAAAAAAAAAAAAAAA', pick(PIECES)]);
    const segments = Array.from({ length: Math.floor(random() * 3) }, () => encodeURI(pick(PIECES)).replace(/#/g, '%23').replace(/\?/g, '%3F'));
    const base = pick(['/s', '/r', '/og', '/sitemaps', '']);
    const query = random() < 0.5 ? `?${pick(['utm_source', 'page', 'from', pick(PIECES)])}=${encodeURIComponent(pick(PIECES))}` : '';
    const path = `${base}/${id}/${segments.join('/')}${query}`.replace(/\/\/+/g, '/');
    await check(`GET ${path}`, () => request.get(path, { maxRedirects: 0 }));
  }
  const note = `/s/${live}/sourdough-bread-the-slow-way`;
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    await check(`${method} ${note}`, () => request.fetch(note, { method, maxRedirects: 0 }));
  }
  const oddHeaders: Array<Record<string, string>> = [
    { 'If-None-Match': '"' },
    { 'If-None-Match': 'W/' },
    { 'If-None-Match': `${'"a",'.repeat(500)}` },
    { 'If-Modified-Since': 'yesterday' },
    { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' },
    { 'Accept-Language': 'x'.repeat(4000) },
    { 'X-Padding': 'y'.repeat(7000) },
  ];
  for (const headers of oddHeaders) {
    await check(`GET ${note} ${Object.keys(headers)[0]}`, () => request.get(note, { headers, maxRedirects: 0 }));
  }
  await check('very long URL', () => request.get(`${note}?q=${'z'.repeat(6000)}`, { maxRedirects: 0 }));
  expect(failures).toEqual([]);
});
