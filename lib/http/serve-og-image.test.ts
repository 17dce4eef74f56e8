import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../test/memory-store';
import { repoRoot } from '../../test/paths';
import type { EnexNote } from '../enex/types';
import type { NoteStore } from '../notes/note-store';
import { CardWorker, isCardPng } from '../og/card-worker';
import { ogImagePath } from '../og/og-image-path';
import { serveOgImage } from './serve-og-image';

/**
 * The OG route over HTTP when its card worker fails: the process's store and card worker are the
 * ones the route finds on globalThis (get-note-store.ts, render-og-image.ts), here an in-memory
 * store and a worker that misbehaves when a card's title says so (test/fixtures).
 */
const registry = globalThis as Record<symbol, unknown>;
const cards = new CardWorker({
  entry: () => ({ file: join(repoRoot, 'test', 'fixtures', 'misbehaving-card-worker.ts'), execArgv: ['--require', 'tsx/cjs'] }),
  timeoutMs: 5000, // its start (tsx compiling the fixture) counts too: seconds on a loaded machine
  maxQueued: 4,
  maxWaitMs: 10_000,
  idleMs: 60_000,
  heapMb: { old: 32, young: 4 },
  backoff: { afterFailures: 3, firstMs: 10_000, maxMs: 300_000 },
  quarantine: { maxCards: 16, firstMs: 60_000, maxMs: 3_600_000 },
});

function note(title: string): EnexNote {
  return { title, enml: `<en-note><div>${title}</div></en-note>`, created: '2026-01-01T00:00:00.000Z', updated: null, tags: [], author: null, sourceUrl: null, resources: [] };
}

let server: Server;
let origin: string;
const cardPaths: Record<string, string> = {};

beforeAll(async () => {
  const { store, writer } = memoryStore();
  registry[Symbol.for('note-publisher.note-store')] = Promise.resolve<NoteStore>(store);
  registry[Symbol.for('note-publisher.og-card-worker')] = cards;
  const notes: Array<[name: string, title: string, notebook: string]> = [
    ...['hang', 'exit', 'garbage', 'fine', 'also fine', 'first while broken', 'second while broken'].map((title): [string, string, string] => [title, title, 'NB']),
    // Another card (its footer shows the notebook) that crashes the worker as 'exit' does.
    ['exit elsewhere', 'exit', 'Elsewhere'],
  ];
  for (const [name, title, notebook] of notes) {
    const shareId = writer.publish(writer.importNote(note(title), notebook).noteId, { indexable: true }) as string;
    const shared = await store.getSharedNote(shareId);
    if (!shared) throw new Error(`no note ${name}`);
    cardPaths[name] = ogImagePath(shared);
  }
  server = createServer((req, res) => {
    const [, , shareId = '', file = ''] = (req.url ?? '').split('/');
    void serveOgImage(req, res, shareId, file.replace(/\.png$/, ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await cards.stop();
  delete registry[Symbol.for('note-publisher.og-card-worker')];
  delete registry[Symbol.for('note-publisher.note-store')];
  await new Promise((resolve) => server.close(resolve));
});

describe('the OG route when the card worker fails', () => {
  it.each([
    ['hangs', 'hang', 'fine'],
    ['crashes', 'exit', 'also fine'],
    ['answers garbage', 'garbage', 'fine'],
  ])('worker %s: 503 with Retry-After, never cached, no entity tag; the next card is a 200 PNG', async (_name, failing, next) => {
    const failed = await fetch(origin + (cardPaths[failing] as string));
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('5');
    expect(failed.headers.get('cache-control')).toBe('no-store');
    expect(failed.headers.get('etag')).toBeNull();
    expect(failed.headers.get('content-type')).toMatch(/^text\/plain/);
    const card = await fetch(origin + (cardPaths[next] as string));
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toBe('image/png');
    expect(isCardPng(Buffer.from(await card.arrayBuffer()))).toBe(true);
  });

  it('a card that killed its worker, asked again: 503 at once with the time it is refused for, never cached; other cards are drawn', async () => {
    const first = await fetch(origin + (cardPaths['exit elsewhere'] as string));
    expect([first.status, first.headers.get('retry-after')]).toEqual([503, '5']);
    for (let n = 0; n < 3; n += 1) {
      const again = await fetch(origin + (cardPaths['exit elsewhere'] as string));
      expect(again.status).toBe(503);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(50);
      expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(again.headers.get('cache-control')).toBe('no-store');
      expect(again.headers.get('etag')).toBeNull();
    }
    expect((await fetch(origin + (cardPaths.fine as string))).status).toBe(200);
  });

  it('workers that keep failing: the card that starts the pause says 5 s, the cards after it the time left, without a new worker', async () => {
    let starts = 0;
    const broken = new CardWorker({
      entry: () => {
        starts += 1;
        return { file: join(repoRoot, 'test', 'fixtures', 'broken-native-card-worker.ts'), execArgv: ['--require', 'tsx/cjs'] };
      },
      timeoutMs: 5000, maxQueued: 4, maxWaitMs: 10_000, idleMs: 60_000, heapMb: { old: 32, young: 4 },
      backoff: { afterFailures: 1, firstMs: 600_000, maxMs: 600_000 },
      quarantine: { maxCards: 16, firstMs: 60_000, maxMs: 3_600_000 },
      logger: { warn: () => undefined, info: () => undefined },
    });
    registry[Symbol.for('note-publisher.og-card-worker')] = broken;
    try {
      const first = await fetch(origin + (cardPaths['first while broken'] as string));
      expect([first.status, first.headers.get('retry-after')]).toEqual([503, '5']);
      for (const path of [cardPaths['second while broken'], cardPaths['first while broken']]) {
        const paused = await fetch(origin + (path as string));
        expect(paused.status).toBe(503);
        expect(Number(paused.headers.get('retry-after'))).toBeGreaterThan(590);
        expect(Number(paused.headers.get('retry-after'))).toBeLessThanOrEqual(600);
        expect(paused.headers.get('cache-control')).toBe('no-store');
        expect(paused.headers.get('etag')).toBeNull();
      }
      expect(starts).toBe(1);
    } finally {
      registry[Symbol.for('note-publisher.og-card-worker')] = cards;
      await broken.stop();
    }
  });
});
