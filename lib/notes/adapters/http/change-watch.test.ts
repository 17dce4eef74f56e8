import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../../test/fake-upstream';
import type { ChangeFeed } from '../../types';
import { ChangeWatch } from './change-watch';

const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBB';

/** A watch over a scripted feed and a hand-moved clock; records what it asked and what it forgot. */
function setup(answers: Array<ChangeFeed | null | Error>) {
  let now = 1000;
  const asked: Array<number | null> = [];
  const changed: string[][] = [];
  let resets = 0;
  const watch = new ChangeWatch({
    read: (after) => {
      asked.push(after);
      const next = answers.shift();
      if (next === undefined) throw new Error('unexpected read');
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    onChanged: (ids) => changed.push([...ids]),
    onReset: () => (resets += 1),
    boundMs: 500,
    refreshMs: 250,
    now: () => now,
    logger: recordingLogger(),
    maxPages: 3,
  });
  return { watch, asked, changed, resets: () => resets, tick: (ms: number) => (now += ms) };
}

const feed = (head: number, seqs: Array<[number, string]> = [], extra: Partial<ChangeFeed> = {}): ChangeFeed =>
  ({ logId: 'log1', head, changes: seqs.map(([seq, shareId]) => ({ seq, shareId })), reset: false, ...extra });

describe('ChangeWatch', () => {
  it('trusts nothing before its first read, which starts from the head and forgets what was cached', async () => {
    const { watch, asked, resets } = setup([feed(7)]);
    expect(watch.isConfirmed()).toBe(false);
    await watch.check();
    expect(asked).toEqual([null]);
    expect(resets()).toBe(1);
    expect(watch.isConfirmed()).toBe(true);
  });

  it('reads in the background after half the bound, and trusts until the bound from when the read was sent', async () => {
    const { watch, asked, changed, tick } = setup([feed(7), feed(9, [[8, A], [9, B]])]);
    await watch.check();
    tick(249);
    expect(watch.isConfirmed()).toBe(true);
    expect(asked).toHaveLength(1);
    tick(1);
    expect(watch.isConfirmed()).toBe(true);
    await watch.check();
    expect(asked).toEqual([null, 7]);
    expect(changed).toEqual([[A, B]]);
  });

  it('a thawed instance (clock jumped past the bound) is unconfirmed until it reads again', async () => {
    const { watch, tick } = setup([feed(7), feed(8, [[8, A]])]);
    await watch.check();
    tick(60_000);
    expect(watch.isConfirmed()).toBe(false);
    await watch.check();
    expect(watch.isConfirmed()).toBe(true);
  });

  it('coalesces concurrent checks into one read', async () => {
    const { watch, asked } = setup([feed(1)]);
    await Promise.all([watch.check(), watch.check(), watch.check()]);
    expect(asked).toHaveLength(1);
  });

  it.each([
    ['the feed says reset', feed(3, [], { reset: true })],
    ['another log id (another database)', feed(9, [], { logId: 'log2' })],
  ])('starts over when %s', async (_, answer) => {
    const { watch, resets, asked } = setup([feed(7), answer, feed(3)]);
    await watch.check();
    await watch.check();
    expect(resets()).toBe(2);
    await watch.check();
    expect(asked.at(-1)).toBe(answer.head);
  });

  it('reads page after page until it reaches the head', async () => {
    const { watch, asked, changed } = setup([feed(1), feed(4, [[2, A], [3, B]]), feed(4, [[4, A]])]);
    await watch.check();
    await watch.check();
    expect(asked).toEqual([null, 1, 3]);
    expect(changed).toEqual([[A, B], [A]]);
    expect(watch.isConfirmed()).toBe(true);
  });

  it.each([
    ['the service failing', new Error('down')],
    ['a service without the feed (404)', null],
  ])('stays unconfirmed past the bound on %s', async (_, failure) => {
    const { watch, tick } = setup([feed(7), failure]);
    await watch.check();
    tick(500);
    await expect(watch.check()).rejects.toThrow();
    expect(watch.isConfirmed()).toBe(false);
  });

  it('gives up and starts over when too far behind to catch up', async () => {
    const { watch, tick, resets } = setup([feed(1), feed(99, [[2, A]]), feed(99, [[3, A]]), feed(99, [[4, A]]), feed(99)]);
    await watch.check();
    tick(500);
    await expect(watch.check()).rejects.toThrow(/too far behind/);
    expect(watch.isConfirmed()).toBe(false);
    await watch.check();
    expect(resets()).toBe(2);
    expect(watch.isConfirmed()).toBe(true);
  });
});
