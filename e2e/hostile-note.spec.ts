import { expect, test } from '@playwright/test';
import { shareIdOf } from './notes';

test('a hostile note runs nothing and makes no request to another host', async ({ page, baseURL }) => {
  const origin = new URL(baseURL as string).host;
  const foreign: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol !== 'data:' && url.host !== origin) foreign.push(req.url());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const response = await page.goto(`/s/${shareIdOf('Hostile')}/x`);
  expect(response?.status()).toBe(200);
  await page.waitForLoadState('load');
  await expect(page.getByText('HOSTILE-OK')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('</script><img src=x onerror=alert(1)> note');
  for (const link of await page.locator('.note-body a').all()) {
    await link.hover();
  }
  expect(dialogs).toEqual([]);
  expect(foreign).toEqual([]);
  expect(await page.content()).not.toContain('HOSTILECIPHERTEXT');
});

test("a hostile note's SVG and HTML attachments are downloads, never rendered in our origin", async ({ page, request }) => {
  await page.goto(`/s/${shareIdOf('Hostile')}/x`);
  const links = await page.locator('a.attachment').evaluateAll((els) => els.map((el) => el.getAttribute('href')));
  expect(links).toHaveLength(2);
  for (const href of links) {
    const res = await request.get(href as string);
    expect(res.headers()['content-type']).toBe('application/octet-stream');
    expect(res.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers()['content-security-policy']).toContain('sandbox');
  }
});
