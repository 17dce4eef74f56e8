import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../../test/paths';
import { config } from '../config';
import { CardWorker, isCardPng, OgCardUnavailableError, type CardWorkerOptions, type WorkerEntry } from './card-worker';
import { cardFonts, drawOgCard } from './draw-og-card';
import { CARD_WORKER_OPTIONS, cardText, ogCardWorkerEntry, renderOgImage, type OgImageInput } from './render-og-image';

const FIXTURE = { file: join(repoRoot, 'test', 'fixtures', 'misbehaving-card-worker.ts'), execArgv: ['--require', 'tsx/cjs'] };
const BROKEN_BINARY = { file: join(repoRoot, 'test', 'fixtures', 'broken-native-card-worker.ts'), execArgv: ['--require', 'tsx/cjs'] };
const QUIET = { warn: (): void => undefined, info: (): void => undefined };
const FONT = config.ogFontPath;
const started: CardWorker[] = [];

function cardWorker(options: Partial<CardWorkerOptions> = {}): CardWorker {
  // Deadlines, not expectations: a stub worker answers within milliseconds, but its start (tsx compiling
  // the fixture) counts against the deadline and takes seconds on a loaded machine; the real one's first card too.
  const worker = new CardWorker({ entry: () => FIXTURE, timeoutMs: 5000, maxQueued: 4, maxWaitMs: 10_000, idleMs: 60_000, heapMb: { old: 32, young: 4 }, backoff: CARD_WORKER_OPTIONS.backoff, quarantine: CARD_WORKER_OPTIONS.quarantine, logger: QUIET, ...options });
  started.push(worker);
  return worker;
}

const realWorker = (): CardWorker => cardWorker({ entry: ogCardWorkerEntry, timeoutMs: 60_000, maxWaitMs: 60_000, heapMb: { old: 64, young: 8 } });
const titled = (title: string, siteName = 'Site') => ({ siteName, title, footer: 'Footer' });

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(started.splice(0).map((worker) => worker.stop()));
});

describe('the card worker keeps the request thread free', () => {
  it('during the first card of a worker (loading satori and resvg, parsing the font), timers keep running and the thread stays mostly idle', async () => {
    const cards = realWorker();
    let ticks = 0;
    let isDone = false;
    const tick = (): void => {
      if (isDone) return;
      ticks += 1;
      setTimeout(tick, 1);
    };
    const before = performance.eventLoopUtilization();
    const card = cards.draw(FONT, cardText({ title: 'First card', siteName: config.siteName, notebook: '笔记本', caption: 'January 1, 2026' }));
    setTimeout(tick, 1);
    const png = await card;
    isDone = true;
    const busy = performance.eventLoopUtilization(before).utilization;
    expect(isCardPng(png)).toBe(true);
    // Drawn on this thread, the first card is hundreds of ms of synchronous work: the loop is busy most of the time.
    expect(ticks).toBeGreaterThan(20);
    expect(busy).toBeLessThan(0.25);
  });
});

describe('the card worker draws the bytes the request thread drew', () => {
  const inputs: Array<[string, OgImageInput]> = [
    ['a Latin title with notebook and date', { title: 'Release checklist for v3.2', siteName: 'Shared Notes', notebook: 'Work', caption: 'January 1, 2026' }],
    ['a Chinese title, no notebook, no date (the footer shows the site)', { title: '周末杭州两日游攻略', siteName: '笔记分享 · Shared Notes', notebook: null, caption: null }],
    ['30,000-character title and notebook name', { title: `${'n'.repeat(15_000)}${'笔'.repeat(15_000)}`, siteName: 'x'.repeat(30_000), notebook: '笔'.repeat(30_000), caption: 'January 1, 2026' }],
    ['empty title', { title: '', siteName: 'Shared Notes', notebook: 'Work', caption: null }],
  ];

  // One worker for the table, as in a server: started by the first card, reused by the others.
  const shared = new CardWorker({ entry: ogCardWorkerEntry, timeoutMs: 60_000, maxQueued: 4, maxWaitMs: 60_000, idleMs: 60_000, heapMb: { old: 64, young: 8 }, backoff: CARD_WORKER_OPTIONS.backoff, quarantine: CARD_WORKER_OPTIONS.quarantine });
  afterAll(() => shared.stop());

  it.each(inputs)('%s: a 1200x630 PNG equal to drawing it in this thread', async (_name, input) => {
    const png = await shared.draw(FONT, cardText(input));
    expect(isCardPng(png)).toBe(true);
    expect(png.equals(await drawOgCard(cardText(input), cardFonts(readFileSync(FONT))))).toBe(true);
  });

  it('sends only fitted text to the worker, whatever the length of the names', () => {
    const text = cardText({ title: 'n'.repeat(30_000), siteName: '笔'.repeat(30_000), notebook: 'x'.repeat(30_000), caption: 'January 1, 2026' });
    expect(text.title.length).toBeLessThanOrEqual(97);
    expect(text.siteName).toBe(`${'笔'.repeat(32)}…`);
    expect(text.footer.length).toBeLessThanOrEqual(65);
  });

  it('renderOgImage answers through the process\'s one worker', async () => {
    const [a, b] = await Promise.all([
      renderOgImage({ title: 'One', siteName: 'Site', notebook: null, caption: null }, FONT),
      renderOgImage({ title: 'Two', siteName: 'Site', notebook: null, caption: null }, FONT),
    ]);
    expect(isCardPng(a) && isCardPng(b) && !a.equals(b)).toBe(true);
  });
});

describe('a card worker that fails', () => {
  it.each([
    ['hangs (a busy loop: ended at the deadline)', 'hang'],
    ['exits', 'exit'],
    ['throws outside a job', 'throw'],
    ['runs out of its heap', 'oom'],
    ['reports an error', 'error'],
    ['answers bytes that are not a PNG', 'garbage'],
    ['answers a PNG of another size', 'wrong size'],
    ['answers something that is not bytes', 'not bytes'],
    ['answers another job', 'wrong id'],
    ['sends something that is not an answer', 'not an object'],
  ])('%s: that card fails with OgCardUnavailableError, and the next card is drawn', async (_name, title) => {
    const cards = cardWorker();
    await expect(cards.draw(FONT, titled(title))).rejects.toBeInstanceOf(OgCardUnavailableError);
    expect(isCardPng(await cards.draw(FONT, titled('fine')))).toBe(true);
  });

  it('a crash ends only the card being drawn: queued cards go to a new worker', async () => {
    const cards = cardWorker();
    const crashing = cards.draw(FONT, titled('exit'));
    const queued = [cards.draw(FONT, titled('a')), cards.draw(FONT, titled('b'))];
    const first = cards.threadId;
    expect(first).not.toBeNull();
    await expect(crashing).rejects.toThrow(/exited \(3\)/);
    for (const card of queued) expect(isCardPng(await card)).toBe(true);
    expect(cards.threadId).not.toBeNull();
    expect(cards.threadId).not.toBe(first);
  });

  it('holds a bounded queue: past it a card fails at once, not after the cards ahead of it', async () => {
    const cards = cardWorker({ maxQueued: 2 });
    const hung = cards.draw(FONT, titled('hang'));
    const queued = [cards.draw(FONT, titled('a')), cards.draw(FONT, titled('b'))];
    const refused = cards.draw(FONT, titled('c'));
    const order: string[] = [];
    void hung.catch(() => order.push('hung'));
    await expect(refused.finally(() => order.push('refused'))).rejects.toThrow(/2 cards already wait/);
    await expect(hung).rejects.toThrow(/no card within 5000 ms/);
    expect(order).toEqual(['refused', 'hung']);
    for (const card of queued) expect(isCardPng(await card)).toBe(true);
  });

  it('a queued card waits at most maxWaitMs: it fails then, before the stuck card ahead of it, and leaves the queue', async () => {
    const cards = cardWorker({ maxWaitMs: 200 });
    const hung = cards.draw(FONT, titled('hang'));
    const waiting = cards.draw(FONT, titled('a'));
    const order: string[] = [];
    void hung.catch(() => order.push('hung'));
    await expect(waiting.finally(() => order.push('waiting'))).rejects.toThrow(/waited 200 ms/);
    await expect(hung).rejects.toThrow(/no card within 5000 ms/);
    expect(order).toEqual(['waiting', 'hung']);
    // The card that gave up is not drawn later: the next card is the next one drawn.
    expect(isCardPng(await cards.draw(FONT, titled('b')))).toBe(true);
  });

  it('production deadlines fit a request: waiting plus drawing stays under the function timeout (10 s)', () => {
    expect(CARD_WORKER_OPTIONS.maxWaitMs + CARD_WORKER_OPTIONS.timeoutMs).toBeLessThan(10_000);
  });

  it('stops an idle worker, and starts a new one for the next card', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const cards = cardWorker({ idleMs: 60_000 });
    await cards.draw(FONT, titled('a'));
    const first = cards.threadId;
    expect(first).not.toBeNull();
    vi.advanceTimersByTime(60_000);
    expect(cards.threadId).toBeNull();
    await cards.draw(FONT, titled('b'));
    expect(cards.threadId).not.toBe(first);
  });

  it('a worker that cannot start fails its card, and a later card tries again', async () => {
    let entry = { file: join(repoRoot, 'test', 'fixtures', 'no-such-worker.js'), execArgv: [] as string[] };
    const cards = cardWorker({ entry: () => entry });
    await expect(cards.draw(FONT, titled('a'))).rejects.toBeInstanceOf(OgCardUnavailableError);
    entry = FIXTURE;
    expect(isCardPng(await cards.draw(FONT, titled('a')))).toBe(true);
  });
});

describe('workers that keep failing pause new ones', () => {
  const BACKOFF = { afterFailures: 3, firstMs: 10_000, maxMs: 40_000 };

  /** A card worker that counts its starts and records its log lines. */
  function countingWorker(entry: () => WorkerEntry, options: Partial<CardWorkerOptions> = {}): { cards: CardWorker; starts: () => number; lines: string[] } {
    let starts = 0;
    const lines: string[] = [];
    const logger = { warn: (message: string) => void lines.push(`warn: ${message}`), info: (message: string) => void lines.push(`info: ${message}`) };
    const cards = cardWorker({ entry: () => { starts += 1; return entry(); }, backoff: BACKOFF, logger, ...options });
    return { cards, starts: () => starts, lines };
  }

  /** The card's error; its retryAfterS says whether it was refused by the pause (a number) or failed in a worker (null). */
  async function failure(card: Promise<Buffer>): Promise<OgCardUnavailableError> {
    const error = await card.then(() => null, (reason: unknown) => reason);
    if (!(error instanceof OgCardUnavailableError)) throw new Error(`expected OgCardUnavailableError, got ${String(error)}`);
    return error;
  }

  it('a binary that does not load: after 3 failed starts no worker starts for 10 s, then 20, 40, 40 (capped); the first card drawn ends it; logged once each way', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let entry: WorkerEntry = BROKEN_BINARY;
    const { cards, starts, lines } = countingWorker(() => entry);
    for (let n = 1; n <= 3; n += 1) {
      expect((await failure(cards.draw(FONT, titled('a')))).retryAfterS).toBeNull();
      expect(starts()).toBe(n);
    }
    for (const pauseS of [10, 20, 40, 40]) {
      for (let n = 0; n < 50; n += 1) expect((await failure(cards.draw(FONT, titled('a')))).retryAfterS).toBe(pauseS);
      vi.advanceTimersByTime(pauseS * 1000 - 1);
      expect((await failure(cards.draw(FONT, titled('a')))).retryAfterS).toBe(1);
      const before = starts();
      vi.advanceTimersByTime(1);
      // One try per pause: its worker fails too, and the next pause begins.
      expect((await failure(cards.draw(FONT, titled('a')))).retryAfterS).toBeNull();
      expect(starts()).toBe(before + 1);
    }
    expect(starts()).toBe(3 + 4);
    expect(lines).toEqual([expect.stringMatching(/^warn: OG card worker keeps failing/)]);
    entry = FIXTURE;
    vi.advanceTimersByTime(40_000);
    expect(isCardPng(await cards.draw(FONT, titled('a')))).toBe(true);
    expect(lines).toEqual([expect.stringMatching(/^warn: /), 'info: OG card worker draws cards again']);
    // Counting starts over: one crash now is one crash.
    await failure(cards.draw(FONT, titled('exit')));
    expect(isCardPng(await cards.draw(FONT, titled('b')))).toBe(true);
  });

  it('crashes on three cards in a row (exit, out of memory, throw): the cards queued behind the third fail at once, and no worker starts', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { cards, starts } = countingWorker(() => FIXTURE);
    expect((await failure(cards.draw(FONT, titled('exit')))).message).toMatch(/exited \(3\)/);
    await failure(cards.draw(FONT, titled('oom')));
    const third = cards.draw(FONT, titled('throw'));
    const queued = [cards.draw(FONT, titled('a')), cards.draw(FONT, titled('b'))];
    expect((await failure(third)).retryAfterS).toBeNull();
    for (const card of queued) expect((await failure(card)).retryAfterS).toBe(10);
    expect(starts()).toBe(3);
    expect(cards.threadId).toBeNull();
  });

  it('cards the worker survives (an error answer, garbage, a PNG of another size, not bytes) never pause it: one worker draws on', async () => {
    const { cards, starts, lines } = countingWorker(() => FIXTURE);
    for (let round = 0; round < 3; round += 1) {
      for (const title of ['error', 'garbage', 'wrong size', 'not bytes']) expect((await failure(cards.draw(FONT, titled(title)))).retryAfterS).toBeNull();
    }
    expect(isCardPng(await cards.draw(FONT, titled('fine')))).toBe(true);
    expect(starts()).toBe(1);
    expect(lines).toEqual([]);
  });

  it('failures with a card drawn between them are not in a row: no pause', async () => {
    const { cards, starts, lines } = countingWorker(() => FIXTURE);
    // Different cards that all crash the worker: the same one twice would be refused the second time.
    for (const [n, title] of ['exit', 'exit', 'fine', 'exit', 'exit', 'fine', 'exit', 'exit'].entries()) {
      const card = cards.draw(FONT, titled(title, `Site ${n}`));
      if (title === 'fine') expect(isCardPng(await card)).toBe(true);
      else expect((await failure(card)).retryAfterS).toBeNull();
    }
    expect(isCardPng(await cards.draw(FONT, titled('fine')))).toBe(true);
    expect(starts()).toBe(7);
    expect(lines).toEqual([]);
  });

  it('stopping the worker is not a failure', async () => {
    const { cards, starts } = countingWorker(() => FIXTURE, { backoff: { afterFailures: 1, firstMs: 10_000, maxMs: 10_000 } });
    for (let n = 0; n < 3; n += 1) {
      expect(isCardPng(await cards.draw(FONT, titled('fine')))).toBe(true);
      await cards.stop();
    }
    expect(isCardPng(await cards.draw(FONT, titled('fine')))).toBe(true);
    expect(starts()).toBe(4);
  });

  describe('a card that kills its worker is refused for a while, and does not pause the others', () => {
    it.each([
      ['exits', 'exit'],
      ['throws outside a job', 'throw'],
      ['runs out of its heap', 'oom'],
      ['hangs (ended at the deadline)', 'hang'],
      ['answers another job', 'wrong id'],
    ])('a good card, then one that %s asked 5 times, then a good card: one crash, the copies refused without a worker, the good card drawn', async (_name, title) => {
      const { cards, starts, lines } = countingWorker(() => FIXTURE);
      expect(isCardPng(await cards.draw(FONT, titled('fine')))).toBe(true);
      expect((await failure(cards.draw(FONT, titled(title)))).retryAfterS).toBeNull();
      expect(starts()).toBe(1);
      for (let n = 0; n < 4; n += 1) {
        const refused = await failure(cards.draw(FONT, titled(title)));
        expect(refused.message).toMatch(/this card killed the card worker/);
        expect(refused.retryAfterS).toBeGreaterThan(55);
        expect(refused.retryAfterS).toBeLessThanOrEqual(60);
      }
      expect(starts()).toBe(1);
      expect(isCardPng(await cards.draw(FONT, titled('fine again')))).toBe(true);
      expect(starts()).toBe(2);
      expect(lines).toEqual([]);
    });

    it('after its refusal it is tried once more; killing again doubles the refusal, and still pauses no other card', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const { cards, starts, lines } = countingWorker(() => FIXTURE);
      for (const refusalS of [60, 120, 240]) {
        expect((await failure(cards.draw(FONT, titled('exit')))).retryAfterS).toBeNull();
        expect((await failure(cards.draw(FONT, titled('exit')))).retryAfterS).toBe(refusalS);
        vi.advanceTimersByTime(refusalS * 1000 - 1);
        expect((await failure(cards.draw(FONT, titled('exit')))).retryAfterS).toBe(1);
        vi.advanceTimersByTime(1);
      }
      expect(starts()).toBe(3);
      expect(isCardPng(await cards.draw(FONT, titled('fine')))).toBe(true);
      expect(lines).toEqual([]);
    });

    it('copies queued behind it are refused when it kills the worker; the good card queued with them is drawn by a new worker', async () => {
      const { cards, starts } = countingWorker(() => FIXTURE);
      const first = cards.draw(FONT, titled('exit'));
      const copies = [cards.draw(FONT, titled('exit')), cards.draw(FONT, titled('exit'))];
      const good = cards.draw(FONT, titled('fine'));
      expect((await failure(first)).retryAfterS).toBeNull();
      for (const copy of copies) expect((await failure(copy)).message).toMatch(/this card killed the card worker/);
      expect(isCardPng(await good)).toBe(true);
      expect(starts()).toBe(2);
    });

    it('three different cards that kill it in a row still pause new workers, for every card', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const { cards, starts, lines } = countingWorker(() => FIXTURE);
      for (const site of ['One', 'Two', 'Three']) expect((await failure(cards.draw(FONT, titled('exit', site)))).retryAfterS).toBeNull();
      expect((await failure(cards.draw(FONT, titled('fine')))).retryAfterS).toBe(10);
      expect(starts()).toBe(3);
      expect(lines).toEqual([expect.stringMatching(/^warn: OG card worker keeps failing/)]);
      vi.advanceTimersByTime(10_000);
      expect(isCardPng(await cards.draw(FONT, titled('fine')))).toBe(true);
      // The pause is over; the cards that killed workers are still refused on their own.
      expect((await failure(cards.draw(FONT, titled('exit', 'One')))).retryAfterS).toBe(50);
      expect(starts()).toBe(4);
    });

    it('a binary that does not load is not the card\'s fault: the card is not refused, and the pause begins after three tries of that same card', async () => {
      const { cards, starts, lines } = countingWorker(() => BROKEN_BINARY);
      for (let n = 0; n < 3; n += 1) expect((await failure(cards.draw(FONT, titled('fine')))).message).not.toMatch(/this card killed/);
      expect((await failure(cards.draw(FONT, titled('fine')))).message).toMatch(/failed 3 times in a row/);
      expect(starts()).toBe(3);
      expect(lines).toEqual([expect.stringMatching(/^warn: OG card worker keeps failing/)]);
    });
  });
});
