import { expect, test } from '@playwright/test';
import { notebookShareIdOf } from './notes';

test.use({ javaScriptEnabled: false });

test('searching a notebook without JavaScript: the form submits, matches are highlighted, pages link on', async ({ page }) => {
  const notebook = notebookShareIdOf('生活与工作');
  await page.goto(`/nb/${notebook}`);
  const search = page.getByRole('search');
  await search.getByRole('searchbox').fill('笔记');
  await search.getByRole('button').click();
  await expect(page).toHaveURL(new RegExp(`/nb/${notebook}\\?q=%E7%AC%94%E8%AE%B0$`));
  const hits = page.getByTestId('search-hits').getByRole('listitem');
  expect(await hits.count()).toBeGreaterThan(0);
  await expect(hits.first().locator('mark').first()).toHaveText('笔记');
  await expect(page.getByRole('searchbox')).toHaveValue('笔记');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
  // A hit opens its note.
  await hits.first().getByRole('link').click();
  await expect(page).toHaveURL(/\/s\/[A-Za-z0-9_-]{22}\//);
});

test('a search that finds nothing says so and keeps the query', async ({ page }) => {
  const notebook = notebookShareIdOf('Field notes');
  await page.goto(`/nb/${notebook}?q=${encodeURIComponent('<b>zebra</b>')}`);
  await expect(page.getByRole('status').filter({ hasText: 'zebra' })).toContainText('<b>zebra</b>');
  await expect(page.getByRole('searchbox')).toHaveValue('<b>zebra</b>');
  expect(await page.locator('.notebook b').count()).toBe(0);
});
