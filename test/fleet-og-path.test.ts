import { describe, expect, it } from 'vitest';
import { ogPathOf } from './fleet/scenarios';

/**
 * The fleet harness probes the OG card at the path the note page names. An answer that was not the
 * note page (the CDN's 503 before its health probe found the fleet) used to make that path '/',
 * and the landing page's 200 was then counted as a stale card.
 */
describe('ogPathOf', () => {
  const base = 'http://127.0.0.1:8080';
  const names: Array<[string, string, string]> = [
    ['absolute URL', '<meta property="og:image" content="http://127.0.0.1:8080/og/TX8imGh04IcSBwQciAEvrA/1.1.D2odYcZC-c1.png" data-next-head=""/>', '/og/TX8imGh04IcSBwQciAEvrA/1.1.D2odYcZC-c1.png'],
    ['relative URL', '<meta property="og:image" content="/og/TX8imGh04IcSBwQciAEvrA/2.1.0-c1.png"/>', '/og/TX8imGh04IcSBwQciAEvrA/2.1.0-c1.png'],
  ];
  it.each(names)('reads the card path (%s)', (_name, html, path) => {
    expect(ogPathOf(html, base)).toBe(path);
  });

  const notNotePages: Array<[string, string]> = [
    ['the CDN\'s 503', '<!DOCTYPE html><html><head><title>503 Backend fetch failed</title></head><body><h1>Error 503</h1></body></html>'],
    ['an empty body', ''],
    ['the landing page', '<meta property="og:title" content="Shared Notes"/><meta property="og:description" content="…"/>'],
    ['an empty og:image', '<meta property="og:image" content=""/>'],
  ];
  it.each(notNotePages)('throws instead of naming "/" (%s)', (_name, html) => {
    expect(() => ogPathOf(html, base)).toThrow(/og:image/);
  });
});
