import { describe, expect, it } from 'vitest';
import { MAX_RENDERING_CHARS, renderGateState, withRenderBudget } from './render-gate';

/** A render that ends when the test says so. */
function pending(): { promise: Promise<void>; finish: () => void } {
  let finish = (): void => {};
  const promise = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { promise, finish };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('withRenderBudget', () => {
  it('runs renders together while their ENML fits, then first come first served', async () => {
    const started: string[] = [];
    const big = pending();
    const second = pending();
    const render = (name: string, chars: number, work: Promise<void>): Promise<void> => withRenderBudget(chars, () => {
      started.push(name);
      return work;
    });
    const small = render('small', 1000, Promise.resolve());
    const a = render('big', MAX_RENDERING_CHARS - 10, big.promise);
    const b = render('second big', MAX_RENDERING_CHARS / 2, second.promise);
    const c = render('small after', 1000, Promise.resolve());
    await small;
    await turn();
    expect(started).toEqual(['small', 'big']);
    expect(renderGateState()).toMatchObject({ running: 1, waiting: 2 });
    big.finish();
    await a;
    await turn();
    expect(started).toEqual(['small', 'big', 'second big', 'small after']);
    second.finish();
    await Promise.all([b, c]);
    expect(renderGateState()).toEqual({ running: 0, waiting: 0, chars: 0 });
  });

  it('always runs one render, however large', async () => {
    await expect(withRenderBudget(MAX_RENDERING_CHARS * 4, () => Promise.resolve('done'))).resolves.toBe('done');
  });

  it('gives the budget back when a render fails', async () => {
    await expect(withRenderBudget(MAX_RENDERING_CHARS, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(renderGateState()).toEqual({ running: 0, waiting: 0, chars: 0 });
  });
});
