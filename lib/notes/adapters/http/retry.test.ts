import { describe, expect, it } from 'vitest';
import { fullJitterDelay, withRetry, type RetryPolicy } from './retry';

const POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 50, maxDelayMs: 400, budgetMs: 10_000 };

describe('fullJitterDelay', () => {
  it.each([
    [0, 1, 50], [1, 1, 100], [2, 1, 200], [3, 1, 400], [10, 1, 400],
    [0, 0, 0], [3, 0, 0], [2, 0.5, 100], [2, 0.999, 199],
  ])('retry %i with random() = %d waits %i ms', (retry, random, expected) => {
    expect(fullJitterDelay(retry, POLICY, () => random)).toBe(expected);
  });
});

describe('withRetry', () => {
  function run(outcomes: Array<'ok' | 'retryable' | 'fatal'>, policy = POLICY, tick = 0) {
    let now = 0;
    const timeouts: number[] = [];
    const sleeps: number[] = [];
    const result = withRetry((timeoutMs) => {
      timeouts.push(timeoutMs);
      now += tick;
      const outcome = outcomes[timeouts.length - 1] ?? 'retryable';
      return outcome === 'ok' ? Promise.resolve('done') : Promise.reject(new Error(outcome));
    }, policy, {
      timeoutMs: 1000, isRetryable: (e) => e instanceof Error && e.message === 'retryable', now: () => now, random: () => 1,
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    }).then((v) => v, (e: Error) => `threw ${e.message}`);
    return result.then((value) => ({ value, attempts: timeouts.length, sleeps, timeouts }));
  }

  it.each<[string, Array<'ok' | 'retryable' | 'fatal'>, string, number]>([
    ['succeeds at once', ['ok'], 'done', 1],
    ['retries transient failures', ['retryable', 'retryable', 'ok'], 'done', 3],
    ['stops at a non-retryable failure', ['retryable', 'fatal', 'ok'], 'threw fatal', 2],
    ['stops after the last attempt', ['retryable', 'retryable', 'retryable', 'retryable', 'ok'], 'threw retryable', 4],
  ])('%s', async (_, outcomes, value, attempts) => {
    expect(await run(outcomes)).toMatchObject({ value, attempts });
  });

  it('shrinks the last attempts to the budget and starts none after it', async () => {
    const result = await run([], { ...POLICY, attempts: 10, budgetMs: 2000 }, 900);
    expect(result.value).toBe('threw retryable');
    // Attempts take 900 ms each: the third gets the 50 ms left, and no fourth starts.
    expect(result.timeouts).toEqual([1000, 1000, 50]);
    expect(result.sleeps).toEqual([50, 100]);
  });
});
