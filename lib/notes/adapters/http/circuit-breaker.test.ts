import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerState } from './circuit-breaker';

type Step = 'ok' | 'fail' | 'acquire' | 'refused' | `tick ${number}`;

describe('CircuitBreaker (threshold 3, cool-down 100 ms)', () => {
  it.each<[string, Step[], BreakerState]>([
    ['stays closed below the threshold', ['fail', 'fail', 'acquire'], 'closed'],
    ['a success resets the count', ['fail', 'fail', 'ok', 'fail', 'fail', 'acquire'], 'closed'],
    ['opens at the threshold and refuses', ['fail', 'fail', 'fail', 'refused'], 'open'],
    ['still refuses just before the cool-down ends', ['fail', 'fail', 'fail', 'tick 99', 'refused'], 'open'],
    ['half-opens after the cool-down with one probe', ['fail', 'fail', 'fail', 'tick 100', 'acquire', 'refused'], 'half-open'],
    ['a good probe closes it', ['fail', 'fail', 'fail', 'tick 100', 'acquire', 'ok', 'acquire', 'acquire'], 'closed'],
    ['a bad probe reopens it for a new cool-down', ['fail', 'fail', 'fail', 'tick 100', 'acquire', 'fail', 'tick 99', 'refused'], 'open'],
    ['and probes again after it', ['fail', 'fail', 'fail', 'tick 100', 'acquire', 'fail', 'tick 100', 'acquire'], 'half-open'],
  ])('%s', (_, steps, end) => {
    let now = 0;
    const changes: BreakerState[] = [];
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 100 }, () => now, (s) => changes.push(s));
    for (const step of steps) {
      if (step === 'ok') breaker.onSuccess();
      else if (step === 'fail') breaker.onFailure();
      else if (step === 'acquire') expect(breaker.tryAcquire(), `${step} in ${steps.join(', ')}`).toBe(true);
      else if (step === 'refused') expect(breaker.tryAcquire()).toBe(false);
      else now += Number(step.slice(5));
    }
    expect(breaker.state).toBe(end);
    expect(changes.at(-1) ?? 'closed').toBe(end);
  });
});
