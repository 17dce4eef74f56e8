import { expect, test } from '@playwright/test';
import { shareIdOf } from './notes';

test.use({ javaScriptEnabled: false });

test('a seeded note is fully readable with JavaScript disabled: text, images, checkboxes, table, code', async ({ page }) => {
  const shareId = shareIdOf('周末杭州');
  const response = await page.goto(`/s/${shareId}/${encodeURIComponent('周末杭州两日游攻略')}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: '周末杭州两日游攻略' })).toBeVisible();
  const images = page.locator('.note-body img');
  expect(await images.count()).toBeGreaterThan(0);
  for (const img of await images.all()) {
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  }
  const boxes = page.getByRole('checkbox');
  expect(await boxes.count()).toBeGreaterThan(1);
  for (const box of await boxes.all()) await expect(box).toBeDisabled();
  expect(await page.locator('input[type=checkbox]:checked').count()).toBeGreaterThan(0);
  await expect(page.locator('.note-body table')).toBeVisible();
  expect(await page.locator('script:not([type="application/ld+json"])').count()).toBe(0);
});

test('a code block note keeps its lines and indentation without JavaScript', async ({ page }) => {
  await page.goto(`/s/${shareIdOf('Python')}/x`);
  await expect(page).toHaveURL(/python-/);
  const code = page.locator('pre.code-block code').first();
  await expect(code).toContainText('import pandas as pd');
  expect(await code.evaluate((el) => el.textContent?.includes('\n    '))).toBe(true);
});

test('the encrypted block shows a placeholder and its cipher text is nowhere in the page', async ({ page }) => {
  await page.goto(`/s/${shareIdOf('Notes on SQLite')}/notes-on-sqlite-wal-mode`);
  await expect(page.locator('.encrypted')).toContainText('staging DB password');
  expect(await page.content()).not.toContain('RU5DMA');
});

test('a long note has a table of contents whose links work without JavaScript, and a CJK-aware reading time', async ({ page }) => {
  await page.goto(`/s/${shareIdOf('长文')}/x`);
  const toc = page.getByRole('navigation', { name: '目录' });
  const links = toc.getByRole('link');
  expect(await links.count()).toBeGreaterThanOrEqual(4);
  const third = links.nth(2);
  const target = (await third.getAttribute('href')) as string;
  await third.click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
  await expect(page.locator(target)).toHaveText((await third.textContent()) as string);
  // ~6,300 Chinese characters at ~400 a minute.
  await expect(page.locator('.note-meta')).toContainText(/阅读约 1[5-7] 分钟/);
});

test('desktop readers get a QR code of the canonical URL to continue on a phone; phones do not', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/s/${shareIdOf('Sourdough')}/sourdough-bread-the-slow-way`);
  const qr = page.getByRole('img', { name: /Scan to open on your phone/ });
  await qr.scrollIntoViewIfNeeded();
  await expect(qr).toBeVisible();
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  // The code encodes the short share URL (it redirects to the canonical one); a revocation purges it, so it is not immutable.
  const src = await qr.getAttribute('src');
  expect(src).toBe(`/qr/${shareIdOf('Sourdough')}.svg`);
  const image = await page.request.get(src ?? '');
  expect(image.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
  expect(image.headers()['cache-control']).toBe('public, max-age=3600, s-maxage=86400');
  expect((await page.request.get('/qr/AAAAAAAAAAAAAAAAAAAAAA.svg')).status()).toBe(404);
  expect((await page.request.get(`/qr/${shareIdOf('已撤回')}.svg`)).status()).toBe(404);
  await expect(page.getByRole('complementary', { name: 'Share this note' }).getByRole('link')).toHaveAttribute('href', /\/s\/[\w-]{22}\/sourdough-bread-the-slow-way$/);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(qr).toBeHidden();
});
