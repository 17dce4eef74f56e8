import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../../test/paths';
import { config } from '../config';
import { CardWorker, isCardPng, OgCardUnavailableError, type CardWorkerOptions } from './card-worker';
import { cardFonts, drawOgCard } from './draw-og-card';
import { CARD_WORKER_OPTIONS, cardText, ogCardWorkerEntry, renderOgImage, type OgImageInput } from './render-og-image';

const FIXTURE = { file: join(repoRoot, 'test', 'fixtures', 'misbehaving-card-worker.ts'), execArgv: ['--require', 'tsx/cjs'] };
const FONT = config.ogFontPath;
const started: CardWorker[] = [];

function cardWorker(options: Partial<CardWorkerOptions> = {}): CardWorker {
  // Deadlines, not expectations: a stub worker answers within milliseconds; the real one's first card takes seconds under load.
  const worker = new CardWorker({ entry: () => FIXTURE, timeoutMs: 3000, maxQueued: 4, maxWaitMs: 10_000, idleMs: 60_000, heapMb: { old: 32, young: 4 }, ...options });
  started.push(worker);
  return worker;
}

const realWorker = (): CardWorker => cardWorker({ entry: ogCardWorkerEntry, timeoutMs: 60_000, maxWaitMs: 60_000, heapMb: { old: 64, young: 8 } });
const titled = (title: string) => ({ siteName: 'Site', title, footer: 'Footer' });

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
  const shared = new CardWorker({ entry: ogCardWorkerEntry, timeoutMs: 60_000, maxQueued: 4, maxWaitMs: 60_000, idleMs: 60_000, heapMb: { old: 64, young: 8 } });
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
    await expect(hung).rejects.toThrow(/no card within 3000 ms/);
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
    await expect(hung).rejects.toThrow(/no card within 3000 ms/);
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
