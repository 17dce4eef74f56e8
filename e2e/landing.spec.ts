import { e2eEnv } from '../playwright.config';
import { expect, test, type APIRequestContext } from '@playwright/test';

const SITE = e2eEnv.SITE_URL;
const PAGES = ['/', '/features', '/download', '/explore'];
const url = (path: string, locale: 'zh-CN' | 'en'): string => (locale === 'en' ? (path === '/' ? '/en' : `/en${path}`) : path);

async function alternates(request: APIRequestContext, path: string): Promise<string[]> {
  const html = await (await request.get(path)).text();
  return [...html.matchAll(/<link rel="alternate" hrefLang="([^"]+)" href="([^"]+)"[^>]*>/g)].map((m) => `${m[1]} ${m[2]}`).sort();
}

test('landing pages exist in both locales, in their language, with localized titles', async ({ request }) => {
  for (const path of PAGES) {
    const zh = await (await request.get(url(path, 'zh-CN'))).text();
    const en = await (await request.get(url(path, 'en'))).text();
    expect(zh, path).toContain('<html lang="zh-CN"');
    expect(en, path).toContain('<html lang="en"');
    const title = (html: string): string => /<title[^>]*>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
    expect(title(zh)).not.toBe(title(en));
    expect(title(zh)).toMatch(/[\u4e00-\u9fff]/);
  }
});

test('hreflang pairs are identical on every language version, absolute, and include x-default', async ({ request }) => {
  for (const path of PAGES) {
    const zh = await alternates(request, url(path, 'zh-CN'));
    const en = await alternates(request, url(path, 'en'));
    expect(zh, path).toEqual(en);
    const expected = [`en ${SITE}${url(path, 'en')}`, `x-default ${SITE}${path}`, `zh-CN ${SITE}${path}`].sort();
    expect(zh, path).toEqual(expected);
  }
});

test('the language switcher goes to the same page in the other language and back', async ({ page }) => {
  await page.goto('/features');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/en\/features$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Shared pages made for reading');
  await page.getByRole('link', { name: '中文' }).click();
  await expect(page).toHaveURL(/\/features$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('为阅读而做的分享页');
});

test.describe('home page on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the hero image loads at its reserved size: no layout shift, and no JavaScript', async ({ page }) => {
    await page.addInitScript(() => {
      (window as unknown as { shift: number }).shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number }>) (window as unknown as { shift: number }).shift += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto('/', { waitUntil: 'load' });
    const hero = page.locator('.hero img');
    await expect.poll(() => hero.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await hero.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\.(avif|webp)$/);
    expect(await page.evaluate(() => (window as unknown as { shift: number }).shift)).toBe(0);
    expect(await page.locator('script[src]').count()).toBe(0);
  });
});

test('the download page lists every platform and what to do after installing', async ({ page }) => {
  await page.goto('/en/download');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['iPhone and iPad', 'Android', 'Mac', 'Windows', 'Web']);
  await expect(page.getByText('Save to my notes')).toBeVisible();
});
