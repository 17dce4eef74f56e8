// Rebuilds the landing page's hero images (public/hero/shared-note-*.{png,webp,avif}): a phone
// screenshot of a demo note, taken from a running server. Run by hand when the note design changes:
//   node scripts/dev/make-hero.mjs http://127.0.0.1:3000/s/<shareId>/<slug>
// Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and sharp (installed with Next).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import sharp from 'sharp';

const url = process.argv[2];
if (!url) throw new Error('usage: node scripts/dev/make-hero.mjs <note url>');
const out = fileURLToPath(new URL('../../public/hero/', import.meta.url));
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 390, height: 560 }, deviceScaleFactor: 2, colorScheme: 'light' });
await page.goto(url, { waitUntil: 'networkidle' });
const shot = await page.screenshot({ type: 'png' });
await browser.close();

// 390, 480 and 780 pixels wide: the hero is drawn 250-300 CSS pixels wide at 1x to 2.6x density.
for (const width of [390, 480, 780]) {
  const image = sharp(shot).resize({ width });
  await image.clone().avif({ quality: 55, effort: 6 }).toFile(join(out, `shared-note-${width}.avif`));
  await image.clone().webp({ quality: 78 }).toFile(join(out, `shared-note-${width}.webp`));
  if (width === 390) await image.clone().png({ compressionLevel: 9, palette: true }).toFile(join(out, `shared-note-${width}.png`));
}
process.stdout.write(`wrote hero images to ${out}\n`);
