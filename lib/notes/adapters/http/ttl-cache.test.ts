import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it.each<[string, number, Array<['get' | 'set' | 'tick', string | number]>, string[]]>([
    ['keeps up to maxEntries', 2, [['set', 'a'], ['set', 'b']], ['a', 'b']],
    ['evicts the least recently set', 2, [['set', 'a'], ['set', 'b'], ['set', 'c']], ['b', 'c']],
    ['a read counts as a use', 2, [['set', 'a'], ['set', 'b'], ['get', 'a'], ['set', 'c']], ['a', 'c']],
    ['re-setting refreshes the entry', 2, [['set', 'a'], ['set', 'b'], ['set', 'a'], ['set', 'c']], ['a', 'c']],
    ['drops entries older than maxAgeMs on read', 5, [['set', 'a'], ['tick', 101], ['set', 'b']], ['b']],
    ['keeps entries exactly maxAgeMs old', 5, [['set', 'a'], ['tick', 100]], ['a']],
    ['stores nothing when disabled (0 entries)', 0, [['set', 'a']], []],
    ['repeated reads of the newest entry keep the order', 2, [['set', 'a'], ['set', 'b'], ['get', 'b'], ['get', 'b'], ['set', 'c']], ['b', 'c']],
    ['a read after repeated reads of the newest still counts', 2, [['set', 'a'], ['set', 'b'], ['get', 'b'], ['get', 'a'], ['get', 'a'], ['set', 'c']], ['a', 'c']],
    ['an expired read forgets the entry, the newest included', 3, [['set', 'a'], ['tick', 60], ['set', 'b'], ['tick', 60], ['get', 'b'], ['get', 'a'], ['set', 'c'], ['get', 'b']], ['b', 'c']],
  ])('%s', (_, max, steps, present) => {
    let now = 0;
    const cache = new TtlCache<string>(max, 100, () => now);
    for (const [op, arg] of steps) {
      if (op === 'tick') now += arg as number;
      else if (op === 'set') cache.set(arg as string, `v${arg}`);
      else cache.get(arg as string);
    }
    expect(['a', 'b', 'c'].filter((k) => cache.get(k) !== undefined)).toEqual(present);
    expect(cache.size).toBeLessThanOrEqual(Math.max(max, 0));
  });

  it('reports the age of a hit, and deletes by key or predicate', () => {
    let now = 1000;
    const cache = new TtlCache<number>(10, 100, () => now);
    cache.set('note:x', 1);
    cache.set('notebook:x:1', 2);
    cache.set('note:y', 3);
    now += 40;
    expect(cache.get('note:x')).toEqual({ value: 1, ageMs: 40 });
    cache.deleteWhere((k) => k.includes(':x'));
    cache.delete('note:y');
    expect(cache.size).toBe(0);
  });
});
