import { readFile } from 'node:fs/promises';
import { createElement as h } from 'react';
import satori from 'satori';
import { renderAsync } from '@resvg/resvg-js';
import { OG_HEIGHT, OG_WIDTH } from './og-image-path';

export interface OgImageInput {
  title: string;
  siteName: string;
  notebook: string | null;
  /** Shown as the footer's second part (e.g. the note's date). */
  caption: string | null;
}


/** Satori wraps text only inside boxes of definite width: the card minus its 80 px side padding. */
const CONTENT_WIDTH = OG_WIDTH - 160;

let font: Promise<Buffer> | null = null;

/** The bundled CJK font subset (~1.9 MB of Noto Sans SC Bold), read once per process. */
function loadFont(fontPath: string): Promise<Buffer> {
  font ??= readFile(fontPath).catch((error: unknown) => {
    font = null;
    throw error;
  });
  return font;
}

/**
 * Text beyond `maxColumns` display columns (CJK counting two) is cut with an ellipsis: titles at
 * about three lines at 56 px, the footer at one line. Layout time grows with the text drawn (a
 * 30,000-character notebook name took 3 s), so nothing is drawn unbounded.
 */
export function fitText(text: string, maxColumns: number): string {
  let columns = 0;
  let out = '';
  for (const char of text) {
    columns += /[\u2e80-\u9fff\uff00-\uffef]/.test(char) ? 2 : 1;
    if (columns > maxColumns) return `${out.trimEnd()}…`;
    out += char;
  }
  return out;
}

/** A 1200x630 PNG card with the note title, for og:image and twitter:image. */
export async function renderOgImage(input: OgImageInput, fontPath: string): Promise<Buffer> {
  const fontData = await loadFont(fontPath);
  const footer = fitText([input.notebook, input.caption].filter(Boolean).join(' · '), 64);
  const svg = await satori(
    h('div', { style: { width: OG_WIDTH, height: OG_HEIGHT, boxSizing: 'border-box', display: 'flex', flexDirection: 'column', justifyContent: 'space-between', padding: '72px 80px', background: 'linear-gradient(135deg, #0b6bcb 0%, #053a70 100%)', color: '#ffffff', fontFamily: 'Noto Sans SC' } },
      h('div', { style: { display: 'flex', width: CONTENT_WIDTH, fontSize: 30, opacity: 0.85 } }, fitText(input.siteName, 64)),
      h('div', { style: { display: 'flex', width: CONTENT_WIDTH, fontSize: 56, lineHeight: 1.35 } }, fitText(input.title, 96)),
      h('div', { style: { display: 'flex', width: CONTENT_WIDTH, fontSize: 28, opacity: 0.75 } }, footer || fitText(input.siteName, 64))),
    { width: OG_WIDTH, height: OG_HEIGHT, fonts: [{ name: 'Noto Sans SC', data: fontData, weight: 700, style: 'normal' }] },
  );
  // Rasterising is most of a card's cost (~0.2-0.9 s of CPU): on libuv's thread pool, not the event loop.
  const image = await renderAsync(svg, { fitTo: { mode: 'width', value: OG_WIDTH } });
  return Buffer.from(image.asPng());
}
