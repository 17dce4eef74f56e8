export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Upper bound of the first retry's delay; doubles each retry up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Wall time all attempts and delays of one call may take; no attempt starts after it. */
  budgetMs: number;
}

export interface RetryHooks {
  /** Per-attempt timeout; an attempt gets the smaller of this and what is left of the budget. */
  timeoutMs: number;
  isRetryable: (error: unknown) => boolean;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * "Full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015): a uniform delay
 * in [0, min(cap, base * 2^n)]. Every instance of the function retries at a different moment, so
 * a blip in the note service is not followed by a synchronised wave of retries from all of them.
 */
export function fullJitterDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/** Runs `attempt` until it succeeds, fails with a non-retryable error, or runs out of attempts or budget. */
export async function withRetry<T>(attempt: (timeoutMs: number) => Promise<T>, policy: RetryPolicy, hooks: RetryHooks): Promise<T> {
  const deadline = hooks.now() + policy.budgetMs;
  for (let n = 0; ; n += 1) {
    const remaining = deadline - hooks.now();
    try {
      return await attempt(Math.max(1, Math.min(hooks.timeoutMs, remaining)));
    } catch (error) {
      if (n + 1 >= policy.attempts || !hooks.isRetryable(error)) throw error;
      const delayMs = fullJitterDelay(n, policy, hooks.random);
      // Not worth a retry that would start with (almost) no time left before the budget ends.
      if (hooks.now() + delayMs >= deadline) throw error;
      hooks.onRetry?.(error, n + 1, delayMs);
      await hooks.sleep(delayMs);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
