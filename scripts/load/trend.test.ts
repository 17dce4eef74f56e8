import { describe, expect, it } from 'vitest';
import { fitTrend } from './trend';

const line = (slope: number, intercept: number, noise: number[] = []) =>
  Array.from({ length: Math.max(noise.length, 6) }, (_, x) => ({ x, y: intercept + slope * x + (noise[x] ?? 0) }));

describe('fitTrend', () => {
  it.each([
    ['a flat line', line(0, 100), 0, 0, 0],
    ['a rising line', line(2.5, 10), 2.5, 2.5, 2.5],
    ['a falling line', line(-1, 50), -1, -1, -1],
  ])('%s: exact slope, zero-width interval', (_label, points, slope, low, high) => {
    const trend = fitTrend(points);
    expect(trend.slope).toBeCloseTo(slope, 9);
    expect(trend.low).toBeCloseTo(low, 9);
    expect(trend.high).toBeCloseTo(high, 9);
  });

  it('puts noise around a flat line into an interval that spans zero', () => {
    const trend = fitTrend(line(0, 100, [1, -1, 1, -1, 1, -1, 1, -1]));
    expect(trend.low).toBeLessThan(0);
    expect(trend.high).toBeGreaterThan(0);
  });

  it('keeps a clear rise above zero despite noise', () => {
    const trend = fitTrend(line(3, 100, [0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5]));
    expect(trend.slope).toBeCloseTo(3, 0);
    expect(trend.low).toBeGreaterThan(2);
  });

  it.each([
    ['no points', []],
    ['one point', [{ x: 1, y: 1 }]],
    ['one x value', [{ x: 1, y: 1 }, { x: 1, y: 2 }, { x: 1, y: 3 }]],
  ])('%s: no slope, an unbounded interval', (_label, points) => {
    const trend = fitTrend(points);
    expect(trend.slope).toBeNaN();
    expect([trend.low, trend.high]).toEqual([-Infinity, Infinity]);
  });

  it('has an unbounded interval with two points (no degrees of freedom left)', () => {
    expect(fitTrend([{ x: 0, y: 0 }, { x: 1, y: 2 }])).toMatchObject({ slope: 2, low: -Infinity, high: Infinity });
  });
});
