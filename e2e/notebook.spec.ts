import { expect, test, type Page } from '@playwright/test';
import { notebookShareIdOf } from './notes';

// The e2e server lists 2 notes per page, and each demo notebook has 3 indexable notes: 2 pages.
const titles = async (page: Page): Promise<string[]> => page.getByTestId('notebook-notes').getByRole('link').allTextContents();

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('numbered pages are real, crawlable pages: ?page=2 works and page 1 has no parameter', async ({ page }) => {
    const id = notebookShareIdOf('Field notes');
    await page.goto(`/nb/${id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Field notes' })).toBeVisible();
    const first = await titles(page);
    expect(first).toHaveLength(2);
    await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Next →' }).click();
    await expect(page).toHaveURL(new RegExp(`/nb/${id}\\?page=2$`));
    const second = await titles(page);
    expect(second).toHaveLength(1);
    expect(first).not.toContain(second[0]);
    await page.getByRole('link', { name: '← Previous' }).click();
    await expect(page).toHaveURL(new RegExp(`/nb/${id}$`));
  });
});

test.describe('with JavaScript', () => {
  test('"Load more" appends the next page once, without duplicates, then disappears', async ({ page }) => {
    const id = notebookShareIdOf('生活与工作');
    const apiCalls: string[] = [];
    page.on('request', (request) => { if (request.url().includes('/api/nb/')) apiCalls.push(request.url()); });
    await page.goto(`/nb/${id}`);
    const before = await titles(page);
    expect(before).toHaveLength(2);
    await page.getByRole('button', { name: '加载更多' }).click();
    await expect(page.getByTestId('notebook-notes').getByRole('listitem')).toHaveCount(3);
    const after = await titles(page);
    expect(after.slice(0, 2)).toEqual(before);
    expect(new Set(after).size).toBe(after.length);
    await expect(page.getByRole('button', { name: '加载更多' })).toHaveCount(0);
    expect(apiCalls).toEqual([expect.stringContaining(`/api/nb/${id}?page=2`)]);
  });

  test('"Load more" survives an API error and succeeds on the next try', async ({ page }) => {
    const id = notebookShareIdOf('Field notes');
    let failures = 0;
    await page.route('**/api/nb/**', async (route) => {
      if (failures === 0) {
        failures += 1;
        await route.fulfill({ status: 503, body: '{"error":"unavailable"}', contentType: 'application/json' });
      } else {
        await route.continue();
      }
    });
    await page.goto(`/nb/${id}`);
    const button = page.getByRole('button', { name: 'Load more' });
    await button.click();
    await expect(page.getByRole('status')).toHaveText('Could not load more notes. Please try again.');
    await expect(page.getByTestId('notebook-notes').getByRole('listitem')).toHaveCount(2);
    await button.click();
    await expect(page.getByTestId('notebook-notes').getByRole('listitem')).toHaveCount(3);
    await expect(page.getByText('Could not load more notes')).toHaveCount(0);
    const all = await titles(page);
    expect(new Set(all).size).toBe(3);
  });
});

test('notebook statuses: 301 for page=1, 404 past the end or for junk pages, JSON API mirrors them', async ({ request }) => {
  const id = notebookShareIdOf('Field notes');
  const page1 = await request.get(`/nb/${id}?page=1`, { maxRedirects: 0 });
  expect(page1.status()).toBe(301);
  expect(page1.headers().location).toBe(`/nb/${id}`);
  for (const path of [`/nb/${id}?page=3`, `/nb/${id}?page=0`, `/nb/${id}?page=x`, '/nb/AAAAAAAAAAAAAAAAAAAAAA', '/nb/short']) {
    expect((await request.get(path)).status(), path).toBe(404);
  }
  const json = await request.get(`/api/nb/${id}?page=2`);
  expect(json.status()).toBe(200);
  expect(await json.json()).toMatchObject({ page: 2, pageCount: 2, nextPage: null, notes: [expect.objectContaining({ href: expect.stringMatching(/^\/s\//) })] });
  expect((await request.get(`/api/nb/${id}?page=9`)).status()).toBe(404);
  const etag = json.headers().etag ?? '';
  expect((await request.get(`/api/nb/${id}?page=2`, { headers: { 'If-None-Match': etag } })).status()).toBe(304);
});

test('notebook pages run only their own small script (CSP), no framework runtime; note pages none', async ({ request }) => {
  const id = notebookShareIdOf('Field notes');
  const notebook = await request.get(`/nb/${id}`);
  // Allowed by URL, not by a nonce: every script source names that one file, and the page is publicly cacheable.
  const scriptSources = /script-src ([^;]+)/.exec(notebook.headers()['content-security-policy'] ?? '')?.[1]?.split(' ') ?? [];
  expect(scriptSources.length).toBeGreaterThan(0);
  for (const source of scriptSources) expect(source).toMatch(/^(?:https?:\/\/)?[a-z0-9.-]+(?::\d+)?\/notebook\.js$/);
  expect(notebook.headers()['cache-control']).toMatch(/^public, /);
  expect(notebook.headers().etag).toMatch(/^"/);
  const html = await notebook.text();
  expect([...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1])).toEqual(['/notebook.js']);
  expect(html).not.toMatch(/\/_next\/static\/[^"]+\.js/);
});

test('the notebook script runs under the CSP with no violation, and nothing injected would', async ({ page }) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Refused|Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  // Recorded from the first byte; Playwright's init scripts are not subject to the page's CSP.
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const violations = (): Promise<string[]> => page.evaluate(() => (window as unknown as { violations: string[] }).violations);
  await page.goto(`/nb/${notebookShareIdOf('Field notes')}`);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(page.getByTestId('notebook-notes').getByRole('listitem')).toHaveCount(3);
  expect(await violations()).toEqual([]);
  expect(refused).toEqual([]);
  // Markup that slipped through: an inline script, an inline handler, a same-origin script at another path.
  const ran = await page.evaluate(() => {
    const w = window as unknown as { inline?: boolean; handler?: boolean };
    const inline = document.createElement('script');
    inline.textContent = 'window.inline = true';
    document.body.append(inline);
    const div = document.createElement('div');
    div.setAttribute('onclick', 'window.handler = true');
    document.body.append(div);
    div.dispatchEvent(new MouseEvent('click'));
    const other = document.createElement('script');
    other.src = '/robots.txt';
    document.body.append(other);
    return { inline: w.inline === true, handler: w.handler === true };
  });
  expect(ran).toEqual({ inline: false, handler: false });
  const reported = async (): Promise<string[]> => (await violations()).map((v) => v.replace(/https?:\/\/[^/]+/, '')).sort();
  await expect.poll(reported).toEqual(['script-src-attr inline', 'script-src-elem /robots.txt', 'script-src-elem inline']);
});
