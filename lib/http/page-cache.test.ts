import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { captureResponse, PageCache } from './page-cache';

describe('PageCache', () => {
  it('evicts the least recently used entry past the entry limit', () => {
    const cache = new PageCache(2, 1_000_000);
    cache.set('a', Buffer.from('A'));
    cache.set('b', Buffer.from('B'));
    cache.get('a');
    cache.set('c', Buffer.from('C'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.toString()).toBe('A');
    expect(cache.get('c')?.toString()).toBe('C');
  });

  it('keeps the order right when the most recent entry is read again and again', () => {
    const cache = new PageCache(2, 1_000_000);
    cache.set('a', Buffer.from('A'));
    cache.set('b', Buffer.from('B'));
    for (const key of ['b', 'b', 'a', 'a']) cache.get(key);
    cache.set('c', Buffer.from('C'));
    expect(cache.get('b')).toBeUndefined();
    cache.deletePrefix('c');
    for (const key of ['a', 'a']) cache.get(key);
    cache.set('d', Buffer.from('D'));
    cache.set('e', Buffer.from('E'));
    expect([cache.get('a'), cache.get('d')?.toString(), cache.get('e')?.toString()]).toEqual([undefined, 'D', 'E']);
  });

  it('stays under its byte budget and refuses entries larger than a quarter of it', () => {
    const cache = new PageCache(100, 1000);
    for (let i = 0; i < 50; i += 1) cache.set(`k${i}`, Buffer.alloc(200));
    expect(cache.size.bytes).toBeLessThanOrEqual(1000);
    cache.set('huge', Buffer.alloc(400));
    expect(cache.get('huge')).toBeUndefined();
  });

  it('stores nothing when disabled', () => {
    const cache = new PageCache(0, 1000);
    cache.set('a', Buffer.from('A'));
    expect(cache.size.entries).toBe(0);
  });
});

describe('PageCache of whole responses', () => {
  it('counts bodies plus a header allowance, and drops every version of one page by prefix', () => {
    const cache = new PageCache<{ headers: Record<string, string>; body: Buffer }>(10, 1_000_000);
    cache.set('/s/a/x "1"', { headers: { etag: '"1"' }, body: Buffer.alloc(100) });
    cache.set('/s/a/x "2"', { headers: { etag: '"2"' }, body: Buffer.alloc(100) });
    cache.set('/s/b/y "1"', { headers: { etag: '"1"' }, body: Buffer.alloc(100) });
    expect(cache.size.bytes).toBe(3 * (100 + 2048));
    cache.deletePrefix('/s/a/');
    expect(cache.size.entries).toBe(1);
    expect(cache.get('/s/b/y "1"')).toBeDefined();
  });
});

describe('PageCache groups (the text before the first space of a key)', () => {
  it('knows which groups hold entries through inserts, replacements, evictions and prefix deletes', () => {
    const cache = new PageCache(2, 1_000_000);
    cache.set('/s/a/x "1"', Buffer.from('1'));
    cache.set('/s/a/x "2"', Buffer.from('2'));
    expect(cache.hasGroup('/s/a/x')).toBe(true);
    expect(cache.hasGroup('/s/a')).toBe(false);
    cache.set('/s/a/x "2"', Buffer.from('2b'));
    cache.set('/s/b/y "1"', Buffer.from('3'));
    // Limit 2: "1" of /s/a/x was evicted, "2" is left.
    expect(cache.hasGroup('/s/a/x')).toBe(true);
    expect(cache.hasGroup('/s/b/y')).toBe(true);
    cache.set('/s/c/z "1"', Buffer.from('4'));
    expect(cache.hasGroup('/s/a/x')).toBe(false);
    cache.deletePrefix('/s/b/');
    expect(cache.hasGroup('/s/b/y')).toBe(false);
    expect(cache.hasGroup('/s/c/z')).toBe(true);
    cache.set('plain', Buffer.from('5'));
    expect(cache.hasGroup('plain')).toBe(true);
  });
});

describe('captureResponse', () => {
  it.each([
    ['an HTML page', 200, 'text/html; charset=utf-8', true],
    ['Next\'s JSON data answer of the same page', 200, 'application/json', false],
    ['no content type', 200, undefined, false],
    ['an HTML error page', 404, 'text/html; charset=utf-8', false],
  ])('%s: captured %s', (_, status, type, captured) => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    res.end = (() => res) as ServerResponse['end'];
    let seen = false;
    captureResponse(res, () => (seen = true));
    res.statusCode = status;
    if (type) res.setHeader('content-type', type);
    res.end('<html></html>');
    expect(seen).toBe(captured);
  });
});
