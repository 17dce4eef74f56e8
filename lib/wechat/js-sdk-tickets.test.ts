import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeChatApi, TEST_APP_ID, TEST_APP_SECRET, type FakeWeChatApi, type WeChatMode } from '../../test/fake-wechat-api';
import { JsSdkTickets } from './js-sdk-tickets';

let api: FakeWeChatApi;
let clock: number;
let lines: string[];

function tickets(overrides: { appSecret?: string; timeoutMs?: number } = {}): JsSdkTickets {
  return new JsSdkTickets({
    apiBase: api.url, appId: TEST_APP_ID, appSecret: overrides.appSecret ?? TEST_APP_SECRET, timeoutMs: overrides.timeoutMs ?? 2000,
    now: () => clock,
    logger: { warn: (m, f) => lines.push(`warn ${m} ${JSON.stringify(f)}`), info: (m) => lines.push(`info ${m}`) },
  });
}

beforeEach(async () => {
  api = await startFakeWeChatApi();
  clock = 1_000_000;
  lines = [];
});

afterEach(async () => {
  api.release();
  await api.close();
});

const HOUR = 3600_000;

describe('JsSdkTickets', () => {
  it('fetches a stable token and a ticket once, then serves the cached ticket', async () => {
    const t = tickets();
    expect(await t.ticket(1000)).toBe(api.ticket);
    expect(await t.ticket(1000)).toBe(api.ticket);
    expect(api.calls).toEqual(['/cgi-bin/stable_token', '/cgi-bin/ticket/getticket']);
  });

  it('concurrent first requests share one fetch', async () => {
    const t = tickets();
    const all = await Promise.all(Array.from({ length: 20 }, () => t.ticket(1000)));
    expect(new Set(all)).toEqual(new Set([api.ticket]));
    expect(api.calls).toHaveLength(2);
  });

  it('refreshes early, in the background, while the current ticket keeps serving', async () => {
    const t = tickets();
    const first = await t.ticket(1000);
    clock += 1.75 * HOUR; // inside the last sixth of 7140 s
    api.retireToken();
    api.mode = 'hold';
    expect(await t.ticket(1000)).toBe(first);
    api.release();
    api.mode = 'ok';
    await t.settled();
    expect(await t.ticket(1000)).toBe(api.ticket);
    expect(await t.ticket(1000)).not.toBe(first);
  });

  it('fleet instances share the stable token: one fetching does not retire another\'s', async () => {
    const [a, b] = [tickets(), tickets()];
    expect(await a.ticket(1000)).toBe(api.ticket);
    expect(await b.ticket(1000)).toBe(api.ticket);
    expect(api.calls.filter((c) => c === '/cgi-bin/token')).toEqual([]);
    // a's token still works: its next ticket fetch (after expiry) needs no new token.
    clock += 1.9 * HOUR;
    await a.ticket(1000);
    await a.settled();
    expect(api.calls.filter((c) => c === '/cgi-bin/ticket/getticket')).toHaveLength(3);
    expect(lines).toEqual([]);
  });

  it('a token retired elsewhere (40001) is fetched again once, and the ticket follows', async () => {
    api.ticketLifetimeS = 600;
    const t = tickets();
    await t.ticket(1000);
    api.retireToken();
    clock += 600_000; // the ticket expired; the cached token is not due yet, but WeChat rejects it
    expect(await t.ticket(1000)).toBe(api.ticket);
    expect(api.calls.slice(2)).toEqual(['/cgi-bin/ticket/getticket', '/cgi-bin/stable_token', '/cgi-bin/ticket/getticket']);
  });

  it.each<[WeChatMode, number, string]>([
    ['busy', 30_000, '"errcode":-1'],
    ['quota', 30 * 60_000, '"errcode":45009'],
    ['ip-not-allowed', 5 * 60_000, '"errcode":40164'],
    ['http-500', 30_000, 'HTTP 500'],
    ['garbage', 30_000, 'not JSON'],
    ['dead', 30_000, 'unreachable'],
  ])('%s: no ticket (never a throw), logged once, API left alone for %d ms, then back', async (mode, pauseMs, logged) => {
    const t = tickets();
    api.mode = mode;
    expect(await t.ticket(1000)).toBeNull();
    const calls = api.calls.length;
    for (let i = 0; i < 5; i += 1) expect(await t.ticket(1000)).toBeNull();
    expect(api.calls).toHaveLength(calls);
    clock += pauseMs - 1;
    expect(await t.ticket(1000)).toBeNull();
    expect(lines, lines.join('\n')).toHaveLength(1);
    expect(lines[0]).toContain(logged);
    api.mode = 'ok';
    clock += 1;
    expect(await t.ticket(1000)).toBe(api.ticket);
    expect(lines).toEqual([expect.any(String), 'info WeChat API answers again: share cards are back']);
  });

  it('a wrong secret (40125) is a configuration error: no ticket, logged once', async () => {
    const t = tickets({ appSecret: 'f'.repeat(32) });
    expect(await t.ticket(1000)).toBeNull();
    expect(await t.ticket(1000)).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('40125');
  });

  it('a slow API costs a page only its budget; the fetch goes on for later pages', async () => {
    const t = tickets();
    api.mode = 'hold';
    const arrived = api.nextRequest();
    expect(await t.ticket(30)).toBeNull();
    await arrived;
    api.mode = 'ok';
    api.release();
    await t.settled();
    expect(await t.ticket(30)).toBe(api.ticket);
    expect(lines).toEqual([]);
  });

  it('a hanging API times out (per call), then is left alone', async () => {
    const t = tickets({ timeoutMs: 50 });
    api.mode = 'hold';
    expect(await t.ticket(5000)).toBeNull();
    expect(lines[0]).toContain('no answer within 50 ms');
  });
});
