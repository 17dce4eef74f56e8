import { describe, expect, it } from 'vitest';
import { judgeMemory, type MemorySample } from './memory';

const MB = 1024 * 1024;

/** Samples every 60 s for 30 minutes; `heap(minute)` and `rss(minute)` in MB. */
function soak(heap: (minute: number) => number, rss: (minute: number) => number = () => 300): MemorySample[] {
  return Array.from({ length: 31 }, (_, minute) => ({
    at: minute * 60, duringLoad: true, gc: true, heapUsed: heap(minute) * MB, heapTotal: 60 * MB, external: 20 * MB, rss: rss(minute) * MB,
  }));
}
/** A fixed, small jitter, so intervals have a width without randomness in the test. */
const jitter = (minute: number): number => [0.3, -0.2, 0.1, -0.3, 0.2][minute % 5] as number;

describe('judgeMemory (30-minute soak, 5-minute warm-up)', () => {
  it.each([
    ['flat heap and RSS', soak((m) => 45 + jitter(m)), []],
    ['a one-off step, then flat', soak((m) => (m < 12 ? 45 : 47) + jitter(m)), []],
    ['a bounded cache filling up, then flat', soak((m) => 45 + 8 * (1 - Math.exp(-m / 4)) + jitter(m)), []],
    ['a heap leak of 20 MB/h', soak((m) => 45 + m / 3 + jitter(m)), [/live heap grows 20\.\d MB\/h/]],
    ['a heap leak of 10 MB/h', soak((m) => 45 + m / 6 + jitter(m)), [/live heap grows/]],
    ['a native leak of 60 MB/h (RSS only)', soak((m) => 45 + jitter(m), (m) => 300 + m + jitter(m)), [/RSS grows 60\.\d MB\/h/]],
    ['RSS creeping at 10 MB/h (under its limit)', soak((m) => 45 + jitter(m), (m) => 300 + m / 6 + jitter(m)), []],
  ])('%s', (_label, samples, expected) => {
    const { failures } = judgeMemory(samples, 300);
    expect(failures).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(failures[i]).toMatch(pattern));
  });

  it('leaves out the warm-up and the sample taken after the load stopped', () => {
    const samples = soak((m) => (m < 5 ? 20 + 5 * m : 45) + jitter(m));
    samples.push({ ...samples[30] as MemorySample, at: 1801, duringLoad: false, heapUsed: 10 * MB });
    expect(judgeMemory(samples, 300).failures).toEqual([]);
  });

  it('fails when the server has no gc() or there are too few samples to judge', () => {
    expect(judgeMemory(soak(() => 45).map((s) => ({ ...s, gc: false })), 300).failures).toEqual([expect.stringMatching(/--expose-gc/)]);
    expect(judgeMemory(soak(() => 45).slice(0, 7), 300).failures).toEqual([expect.stringMatching(/only 2 samples/)]);
  });
});
