import { Resvg } from '@resvg/resvg-js';
import type { CSSProperties, ReactElement } from 'react';
import satori, { type Font } from 'satori';
import { OG_HEIGHT, OG_WIDTH } from './og-image-path';

/** What a card draws, already fitted to its lines (render-og-image.ts). */
export interface OgCardText {
  siteName: string;
  title: string;
  footer: string;
}

/** Satori wraps text only inside boxes of definite width: the card minus its 80 px side padding. */
const CONTENT_WIDTH = OG_WIDTH - 160;

/** An element as satori reads it (type and props): React itself is not needed to describe one. */
function box(style: CSSProperties, children: string | ReactElement[]): ReactElement {
  return { type: 'div', key: null, props: { style, children } };
}

/**
 * The card as SVG (satori) rasterised to a 1200x630 PNG (resvg). CPU-bound for a few hundred
 * milliseconds, so it runs in the card worker (og-card-worker.ts), never on a request's thread.
 * `fonts` must be the same array on every call: satori keeps the parsed font per array.
 */
export async function drawOgCard(text: OgCardText, fonts: Font[]): Promise<Buffer> {
  const svg = await satori(
    box({ width: OG_WIDTH, height: OG_HEIGHT, boxSizing: 'border-box', display: 'flex', flexDirection: 'column', justifyContent: 'space-between', padding: '72px 80px', background: 'linear-gradient(135deg, #0b6bcb 0%, #053a70 100%)', color: '#ffffff', fontFamily: 'Noto Sans SC' }, [
      box({ display: 'flex', width: CONTENT_WIDTH, fontSize: 30, opacity: 0.85 }, text.siteName),
      box({ display: 'flex', width: CONTENT_WIDTH, fontSize: 56, lineHeight: 1.35 }, text.title),
      box({ display: 'flex', width: CONTENT_WIDTH, fontSize: 28, opacity: 0.75 }, text.footer),
    ]),
    { width: OG_WIDTH, height: OG_HEIGHT, fonts },
  );
  return new Resvg(svg, { fitTo: { mode: 'width', value: OG_WIDTH } }).render().asPng();
}

/** The bundled CJK font subset (~1.9 MB of Noto Sans SC Bold) as satori takes it. */
export function cardFonts(data: Buffer): Font[] {
  return [{ name: 'Noto Sans SC', data, weight: 700, style: 'normal' }];
}
