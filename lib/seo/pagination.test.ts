import { describe, expect, it } from 'vitest';
import { pageLinks } from './pagination';

/** Clicks from page 1 to every page, following pageLinks (breadth-first). */
function clicksFromFirst(pageCount: number): number[] {
  const depth = new Array<number>(pageCount + 1).fill(-1);
  depth[1] = 0;
  const queue = [1];
  while (queue.length > 0) {
    const page = queue.shift() as number;
    for (const next of pageLinks(page, pageCount)) {
      if (depth[next] === -1) {
        depth[next] = (depth[page] as number) + 1;
        queue.push(next);
      }
    }
  }
  return depth.slice(1);
}

describe('pageLinks', () => {
  it.each([
    [1, 1, []],
    [1, 2, [1, 2]],
    [1, 9, [1, 2, 3, 4, 7, 9]],
    [5, 9, [1, 4, 5, 6, 7, 9]],
    [9, 9, [1, 4, 7, 8, 9]],
  ])('page %i of %i links %j', (current, pageCount, expected) => {
    expect(pageLinks(current, pageCount)).toEqual(expected);
  });

  it.each([2, 3, 10, 57, 200, 1000, 10_000])('every one of %i pages is within two clicks of page 1, with about 2√N links a page', (pageCount) => {
    const depths = clicksFromFirst(pageCount);
    expect(Math.max(...depths)).toBeLessThanOrEqual(2);
    expect(depths.every((d) => d >= 0)).toBe(true);
    for (const page of [1, Math.ceil(pageCount / 2), pageCount]) {
      const links = pageLinks(page, pageCount);
      expect(links.length).toBeLessThanOrEqual(2 * Math.ceil(Math.sqrt(pageCount)) + 1);
      expect(links.every((p) => Number.isInteger(p) && p >= 1 && p <= pageCount)).toBe(true);
    }
  });
});
