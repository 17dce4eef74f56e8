import { readFileSync } from 'node:fs';
import type { Font } from 'satori';
import { cardFonts, drawOgCard, type OgCardText } from './draw-og-card';

/** One card to draw: what the request thread posts to the card worker. */
export interface CardJob {
  id: number;
  fontPath: string;
  text: OgCardText;
}

/** The worker's answer: the PNG's bytes (transferred, not copied) or why there are none. */
export type CardAnswer = { id: number; png: Uint8Array } | { id: number; error: string };

/**
 * The worker's first message, once its code (satori, resvg's native binary) has loaded: a worker
 * that fails before it failed to start, whatever the card; after it, the card being drawn did it.
 * card-worker.ts posts the first card only then.
 */
export interface CardWorkerReady {
  ready: true;
}

/** Parsed once per worker (satori caches the parsed font per array); a worker draws with one font. */
const fontsByPath = new Map<string, Font[]>();

function fontsAt(path: string): Font[] {
  let fonts = fontsByPath.get(path);
  if (!fonts) {
    fonts = cardFonts(readFileSync(path));
    fontsByPath.set(path, fonts);
  }
  return fonts;
}

/** Draws one job. Runs inside the card worker (og-card-worker.ts); an error is an answer, not a crash. */
export async function answerCardJob(job: CardJob): Promise<CardAnswer> {
  try {
    const png = await drawOgCard(job.text, fontsAt(job.fontPath));
    // resvg's buffer may live outside V8's heap and cannot be transferred: one copy (~150 KB) that can.
    return { id: job.id, png: new Uint8Array(png) };
  } catch (error) {
    return { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
}
