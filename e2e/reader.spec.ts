import { expect, test, type Page } from '@playwright/test';
import { shareIdOf } from './notes';

/** Scrolls through the page so lazy images load, then checks every image actually decoded. */
async function expectAllImagesLoaded(page: Page): Promise<number> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  });
  // Hidden images (the desktop-only QR code on a phone) are never fetched, by design.
  const images = page.locator('main img:visible');
  const count = await images.count();
  for (let i = 0; i < count; i += 1) {
    const image = images.nth(i);
    await image.scrollIntoViewIfNeeded();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { message: await image.getAttribute('src') ?? '' }).toBe(true);
  }
  return count;
}

const viewports = [
  { name: 'mobile', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false },
] as const;

for (const device of viewports) {
  test.describe(`note page on ${device.name}`, () => {
    test.use({ viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.hasTouch });

    test('images, checklists and a wide table (scrolls inside its wrapper, not the page)', async ({ page }) => {
      await page.goto(`/s/${shareIdOf('周末杭州')}`);
      await expect(page.getByRole('heading', { level: 1, name: '周末杭州两日游攻略' })).toBeVisible();
      expect(await expectAllImagesLoaded(page)).toBeGreaterThan(0);
      const first = page.locator('.note-body img').first();
      await expect(first).toHaveAttribute('loading', 'eager');
      await expect(first).toHaveAttribute('width', /\d+/);
      const boxes = page.getByRole('checkbox');
      expect(await boxes.count()).toBe(6);
      for (const box of await boxes.all()) await expect(box).toBeDisabled();
      await expect(page.locator('.table-wrap table')).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });

    test('code blocks are highlighted on the server and attachments are download cards', async ({ page }) => {
      await page.goto(`/s/${shareIdOf('Python 数据清洗')}`);
      await expect(page.locator('.note-body pre code .hljs-keyword').first()).toBeVisible();
      const attachment = page.locator('a.attachment').first();
      await expect(attachment).toBeVisible();
      const href = await attachment.getAttribute('href');
      const response = await page.request.get(href ?? '');
      expect(response.status()).toBe(200);
      expect(response.headers()['content-disposition']).toMatch(/^attachment;/);
    });

    test('calls to action lead to the app or its download page in the reader\'s language', async ({ page }) => {
      await page.goto(`/s/${shareIdOf('Release checklist')}`);
      const save = page.getByRole('link', { name: 'Save to my notes' });
      await expect(save).toHaveAttribute('href', '/en/download');
      await save.click();
      await expect(page).toHaveURL(/\/en\/download$/);
      await expect(page.getByRole('heading', { level: 1, name: 'Get the app' })).toBeVisible();
    });
  });
}

test('the note links to its public notebook, and the notebook lists it', async ({ page }) => {
  await page.goto(`/s/${shareIdOf('Sourdough')}`);
  await page.getByRole('link', { name: 'Field notes' }).click();
  await expect(page).toHaveURL(/\/nb\/[A-Za-z0-9_-]{22}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Field notes' })).toBeVisible();
});
