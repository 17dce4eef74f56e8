import { expect, test } from '@playwright/test';
import { shareIdOf } from './notes';

/**
 * Reference screenshots of a rich note (images, checklist, table) on a phone and on a desktop,
 * committed under e2e/screenshots. Update them on purpose with `npx playwright test visual
 * --update-snapshots` after a deliberate design change, and look at the diff before committing.
 * Share ids are random per database, so the parts that show them (link, QR code) are masked.
 */
const shots = [
  { name: 'note-mobile.png', viewport: { width: 390, height: 844 }, isMobile: true },
  { name: 'note-desktop.png', viewport: { width: 1280, height: 900 }, isMobile: false },
] as const;

for (const shot of shots) {
  test.describe(shot.name, () => {
    test.use({ viewport: shot.viewport, isMobile: shot.isMobile, hasTouch: shot.isMobile, colorScheme: 'light' });

    test(`note page looks like ${shot.name}`, async ({ page }) => {
      await page.goto(`/s/${shareIdOf('周末杭州')}`);
      await page.evaluate(() => Promise.all([...document.images].map((img) => { img.loading = 'eager'; return img.decode().catch(() => undefined); })));
      await expect(page).toHaveScreenshot(shot.name, {
        fullPage: true,
        mask: [page.locator('.note-share p'), page.locator('.note-share-qr img')],
        maxDiffPixelRatio: 0.01,
        animations: 'disabled',
      });
    });
  });
}
