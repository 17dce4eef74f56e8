import { describe, expect, it } from 'vitest';
import { xssPayloads } from '../../test/xss-payloads';
import { serializeJsonLd } from './json-ld';

/**
 * serializeJsonLd's output is the only text the app puts into the page through
 * dangerouslySetInnerHTML (components/PageHead.tsx, inside <script type="application/ld+json">).
 * Note titles and descriptions reach it, so it must never contain anything that can end or
 * open markup, and must still parse back to the same data.
 */
describe('serializeJsonLd', () => {
  const hostile = ['</script><img src=x onerror=alert(1)>', '<!--', '-->', '<script>', ']]>', '&lt;', '\u2028\u2029', '"\\'];

  it('leaves no <, > or & in its output, and parses back to the same data', () => {
    for (const text of hostile) {
      const data = { headline: text, nested: [{ name: text }] };
      const out = serializeJsonLd(data);
      expect(out).not.toMatch(/[<>&\u2028\u2029]/);
      expect(JSON.parse(out)).toEqual(data);
    }
  });

  it('holds for every XSS payload (ours, and the corpus when present)', () => {
    const payloads = xssPayloads();
    for (const line of payloads) {
      const out = serializeJsonLd({ headline: line });
      expect(out).not.toMatch(/[<>&\u2028\u2029]/);
      expect((JSON.parse(out) as { headline: string }).headline).toBe(line);
    }
    expect(payloads.length).toBeGreaterThan(50);
  });
});
