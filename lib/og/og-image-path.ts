import type { SharedNote } from '../notes/types';

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

/** The card's URL changes with the note version and the build, so the bytes behind a URL never change. */
export function ogImageTag(note: SharedNote, buildId: string): string {
  return `${note.version}-${buildId}`.replace(/[^A-Za-z0-9.-]/g, '');
}

export function ogImagePath(note: SharedNote, buildId: string): string {
  return `/og/${note.shareId}/${ogImageTag(note, buildId)}.png`;
}
