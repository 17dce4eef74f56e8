import { expect, test } from '@playwright/test';
import { notebookShareIdOf, shareIdOf } from './notes';

/** The HTTP Observatory's scoring rules that decide A+, as assertions (one function per rule). */
function observatoryFailures(headers: Record<string, string>, isDocument: boolean): string[] {
  const failures: string[] = [];
  const csp = headers['content-security-policy'] ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0] as string, d.slice(1)]));
  if (isDocument) {
    if (!csp) failures.push('no Content-Security-Policy');
    const scripts = directives.get('script-src') ?? directives.get('default-src') ?? [];
    if (scripts.length === 0) failures.push('CSP does not restrict scripts');
    if (scripts.some((s) => ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:'].includes(s))) failures.push(`unsafe script-src: ${scripts.join(' ')}`);
    const defaults = directives.get('default-src') ?? [];
    if (!defaults.includes("'none'") && !defaults.includes("'self'")) failures.push('default-src is not none/self');
    const ancestors = directives.get('frame-ancestors');
    if (!ancestors?.includes("'none'") && headers['x-frame-options'] !== 'DENY') failures.push('framing allowed');
    if (!directives.get('base-uri')?.includes("'none'") && !directives.get('base-uri')?.includes("'self'")) failures.push('base-uri not restricted');
    if (!directives.get('form-action')) failures.push('form-action not restricted');
  }
  const hsts = /max-age=(\d+)/.exec(headers['strict-transport-security'] ?? '');
  if (!hsts || Number(hsts[1]) < 15_768_000) failures.push('HSTS missing or shorter than six months');
  if (headers['x-content-type-options'] !== 'nosniff') failures.push('no X-Content-Type-Options: nosniff');
  if (!/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/.test(headers['referrer-policy'] ?? '')) failures.push('weak Referrer-Policy');
  if (headers['set-cookie']) failures.push('sets cookies');
  if (headers['access-control-allow-origin'] === '*' && isDocument) failures.push('CORS open on a document');
  return failures;
}

test('every response type meets the HTTP Observatory A+ rules and keeps headers under 4 KB', async ({ request }) => {
  const shareId = shareIdOf('周末杭州');
  const note = `/s/${shareId}/${encodeURIComponent('周末杭州两日游攻略')}`;
  const image = /<img src="(\/r\/[^"]+)"/.exec(await (await request.get(note)).text())?.[1] as string;
  const cases: Array<[string, boolean]> = [
    ['/', true], ['/en/features', true], ['/explore', true], [note, true], [`/nb/${notebookShareIdOf('Field notes')}`, true], ['/s/AAAAAAAAAAAAAAAAAAAAAA/x', true],
    [`/s/${shareIdOf('已撤回')}/x`, true], [image, false], [`/qr/${shareId}.svg`, false], [`/api/nb/${notebookShareIdOf('Field notes')}`, false], ['/robots.txt', false], ['/sitemap.xml', false],
  ];
  for (const [path, isDocument] of cases) {
    // Twice: the second request for a note is answered by the fast path in front of Next.
    await request.get(path);
    const res = await request.get(path);
    const headers = res.headers();
    expect(observatoryFailures(headers, isDocument), path).toEqual([]);
    const size = res.headersArray().reduce((sum, h) => sum + h.name.length + h.value.length + 4, 0);
    expect(size, path).toBeLessThan(4096);
  }
});

test('resources are sandboxed: a hostile SVG or HTML attachment cannot run in our origin', async ({ request, page }) => {
  await page.goto(`/s/${shareIdOf('Hostile')}/x`);
  for (const href of await page.locator('a.attachment').evaluateAll((els) => els.map((el) => el.getAttribute('href') as string))) {
    const res = await request.get(href);
    expect(res.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['content-disposition']).toMatch(/^attachment;/);
  }
});

test('the page itself cannot run injected inline script even if markup slipped through (CSP)', async ({ page }) => {
  await page.goto(`/s/${shareIdOf('Sourdough')}/sourdough-bread-the-slow-way`);
  // An inline handler attribute, fired synchronously: CSP must refuse to compile it.
  const ran = await page.evaluate(() => {
    const el = document.createElement('div');
    el.setAttribute('onclick', 'window.__pwned = true');
    document.body.append(el);
    el.dispatchEvent(new MouseEvent('click'));
    return (window as unknown as { __pwned?: boolean }).__pwned === true;
  });
  expect(ran).toBe(false);
  // The stylesheet still applies under the policy.
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('.site-main') as Element).maxWidth)).toBe('736px');
});
