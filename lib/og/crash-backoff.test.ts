import { describe, expect, it } from 'vitest';
import { CrashBackoff } from './crash-backoff';

type Step = 'fail' | 'draw' | `wait ${number}`;

/** Runs the steps on a fixed clock; returns the milliseconds left after each and the log lines. */
function run(steps: Step[]): { remaining: number[]; lines: string[] } {
  let now = 1_000_000;
  const lines: string[] = [];
  const backoff = new CrashBackoff({ afterFailures: 3, firstMs: 10_000, maxMs: 40_000 }, {
    warn: (message) => void lines.push(`warn ${message.split(':')[0]}`),
    info: (message) => void lines.push(`info ${message}`),
  }, () => now);
  const remaining = steps.map((step) => {
    if (step === 'fail') backoff.failed(new Error('exited'));
    else if (step === 'draw') backoff.succeeded();
    else now += Number(step.slice(5));
    return backoff.remainingMs();
  });
  return { remaining, lines };
}

describe('CrashBackoff', () => {
  it.each<[string, Step[], number[], string[]]>([
    ['two failures: no pause', ['fail', 'fail'], [0, 0], []],
    ['three in a row: 10 s', ['fail', 'fail', 'fail', 'wait 4000'], [0, 0, 10_000, 6_000], ['warn OG card worker keeps failing']],
    ['each failed try doubles the pause, up to the cap, logged once', ['fail', 'fail', 'fail', 'wait 10000', 'fail', 'wait 20000', 'fail', 'wait 40000', 'fail', 'wait 40000', 'fail'],
      [0, 0, 10_000, 0, 20_000, 0, 40_000, 0, 40_000, 0, 40_000], ['warn OG card worker keeps failing']],
    ['a card drawn ends the pause and starts the count again', ['fail', 'fail', 'fail', 'draw', 'fail', 'fail', 'fail'],
      [0, 0, 10_000, 0, 0, 0, 10_000], ['warn OG card worker keeps failing', 'info OG card worker draws cards again', 'warn OG card worker keeps failing']],
    ['a card drawn between failures: never three in a row', ['fail', 'fail', 'draw', 'fail', 'fail', 'draw', 'fail', 'fail'], [0, 0, 0, 0, 0, 0, 0, 0], []],
    ['draws alone log nothing', ['draw', 'draw'], [0, 0], []],
  ])('%s', (_name, steps, remaining, lines) => {
    expect(run(steps)).toEqual({ remaining, lines });
  });
});
