import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, WebhookVerifier, type WebhookVerdict } from './verify-webhook';

const SECRET = 'test-secret-0123456789abcdefghijklmnop';
const OLD_SECRET = 'old-secret-0123456789abcdefghijklmnopq';
const T = 1_700_000_000;
const BODY = Buffer.from('{"events":[]}');
const at = (seconds: number) => () => seconds * 1000;
const mac = (secret: string, body: Buffer | string = BODY, t = T): string => signWebhook(secret, body, t).split(',v1=')[1] as string;

describe('signWebhook', () => {
  it('matches an HMAC-SHA256 computed independently (openssl dgst -sha256 -hmac)', () => {
    expect(signWebhook(SECRET, '{"events":[]}', T)).toBe(`t=${T},v1=fea5b5a6880012dfba1755709f49c80dd67bde2d45cb3ff6f7119c73631b9a38`);
  });

  it('signs the raw bytes, so a string and its UTF-8 buffer agree', () => {
    expect(signWebhook(SECRET, '{"title":"笔记"}', T)).toBe(signWebhook(SECRET, Buffer.from('{"title":"笔记"}'), T));
  });
});

describe('WebhookVerifier.verify', () => {
  const cases: Array<{ name: string; header: string | string[] | undefined; body?: Buffer; now?: number; expected: WebhookVerdict }> = [
    { name: 'a fresh, correctly signed body', header: signWebhook(SECRET, BODY, T), expected: { ok: true } },
    { name: 'spaces after commas', header: `t=${T}, v1=${mac(SECRET)}`, expected: { ok: true } },
    { name: 'upper-case hex', header: `t=${T},v1=${mac(SECRET).toUpperCase()}`, expected: { ok: true } },
    { name: 'rotation: the old and the new secret, new one second', header: `t=${T},v1=${mac(OLD_SECRET)},v1=${mac(SECRET)}`, expected: { ok: true } },
    { name: 'an unknown scheme beside v1 is skipped', header: `t=${T},v0=abc,v1=${mac(SECRET)}`, expected: { ok: true } },
    { name: '300 s in the past is still inside the window', header: signWebhook(SECRET, BODY, T - 300), expected: { ok: true } },
    { name: '300 s in the future is still inside the window', header: signWebhook(SECRET, BODY, T + 300), expected: { ok: true } },
    { name: 'no header', header: undefined, expected: { ok: false, reason: 'missing' } },
    { name: 'empty header', header: '', expected: { ok: false, reason: 'missing' } },
    { name: 'header sent twice', header: [signWebhook(SECRET, BODY, T), signWebhook(SECRET, BODY, T)], expected: { ok: false, reason: 'malformed' } },
    { name: 'no timestamp', header: `v1=${mac(SECRET)}`, expected: { ok: false, reason: 'malformed' } },
    { name: 'no v1', header: `t=${T}`, expected: { ok: false, reason: 'malformed' } },
    { name: 'timestamp not a number', header: `t=soon,v1=${mac(SECRET)}`, expected: { ok: false, reason: 'malformed' } },
    { name: 'negative timestamp', header: `t=-5,v1=${mac(SECRET)}`, expected: { ok: false, reason: 'malformed' } },
    { name: 'two timestamps', header: `t=${T},t=${T},v1=${mac(SECRET)}`, expected: { ok: false, reason: 'malformed' } },
    { name: 'short MAC', header: `t=${T},v1=${mac(SECRET).slice(0, 62)}`, expected: { ok: false, reason: 'malformed' } },
    { name: 'MAC not hex', header: `t=${T},v1=${'z'.repeat(64)}`, expected: { ok: false, reason: 'malformed' } },
    { name: 'a part without =', header: `t=${T},v1=${mac(SECRET)},junk`, expected: { ok: false, reason: 'malformed' } },
    { name: 'more than four MACs', header: `t=${T}${`,v1=${mac(OLD_SECRET)}`.repeat(4)},v1=${mac(SECRET)}`, expected: { ok: false, reason: 'malformed' } },
    { name: 'an oversized header', header: `t=${T},v1=${mac(SECRET)},x=${'a'.repeat(2000)}`, expected: { ok: false, reason: 'malformed' } },
    { name: '301 s old', header: signWebhook(SECRET, BODY, T - 301), expected: { ok: false, reason: 'expired' } },
    { name: '301 s ahead', header: signWebhook(SECRET, BODY, T + 301), expected: { ok: false, reason: 'expired' } },
    { name: 'signed with another secret', header: signWebhook(OLD_SECRET, BODY, T), expected: { ok: false, reason: 'mismatch' } },
    { name: 'body changed after signing', header: signWebhook(SECRET, BODY, T), body: Buffer.from('{"events":[ ]}'), expected: { ok: false, reason: 'mismatch' } },
    { name: 'timestamp changed after signing', header: `t=${T + 1},v1=${mac(SECRET)}`, expected: { ok: false, reason: 'mismatch' } },
    { name: 'MAC of the body alone, without the timestamp', header: `t=${T},v1=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`, expected: { ok: false, reason: 'mismatch' } },
  ];

  it.each(cases)('$name', ({ header, body, now, expected }) => {
    const verifier = new WebhookVerifier({ secret: SECRET, now: at(now ?? T) });
    expect(verifier.verify(header, body ?? BODY)).toEqual(expected);
  });

  it('refuses a replay of an accepted signature inside the window, and a re-signed retry passes', () => {
    const verifier = new WebhookVerifier({ secret: SECRET, now: at(T) });
    const header = signWebhook(SECRET, BODY, T);
    expect(verifier.verify(header, BODY)).toEqual({ ok: true });
    expect(verifier.verify(header, BODY)).toEqual({ ok: false, reason: 'replayed' });
    expect(verifier.verify(signWebhook(SECRET, BODY, T + 1), BODY)).toEqual({ ok: true });
  });

  it('does not remember refused deliveries (a forged header cannot block the real one)', () => {
    const verifier = new WebhookVerifier({ secret: SECRET, now: at(T) });
    verifier.verify(signWebhook(OLD_SECRET, BODY, T), BODY);
    expect(verifier.rememberedCount).toBe(0);
    expect(verifier.verify(signWebhook(SECRET, BODY, T), BODY)).toEqual({ ok: true });
  });

  it('forgets signatures once they are outside the window', () => {
    let now = T;
    const verifier = new WebhookVerifier({ secret: SECRET, now: () => now * 1000 });
    for (let i = 0; i < 5; i += 1) verifier.verify(signWebhook(SECRET, `{"n":${i}}`, T), Buffer.from(`{"n":${i}}`));
    expect(verifier.rememberedCount).toBe(5);
    now = T + 301;
    expect(verifier.verify(signWebhook(SECRET, BODY, now), BODY)).toEqual({ ok: true });
    expect(verifier.rememberedCount).toBe(1);
  });

  it('stays bounded when many deliveries arrive inside one window', () => {
    const verifier = new WebhookVerifier({ secret: SECRET, now: at(T), maxRemembered: 100 });
    for (let i = 0; i < 1000; i += 1) {
      const body = Buffer.from(`{"n":${i}}`);
      expect(verifier.verify(signWebhook(SECRET, body, T), body)).toEqual({ ok: true });
    }
    expect(verifier.rememberedCount).toBeLessThanOrEqual(100);
  });
});
