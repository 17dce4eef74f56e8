import type { PublicNotebook, SharedNote } from '../notes/types';

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

/**
 * Bumped whenever the card's drawing changes (lib/og/render-og-image.ts). Not the build id: the
 * card's URL must be computable by whoever purges the CDN (the publishing CLI does not know which
 * build the fleet runs), and a deploy that does not redraw cards should not churn unfurlers' caches.
 */
export const OG_CARD_FORMAT = 1;

type CardNote = Pick<SharedNote, 'shareId' | 'version'>;

/** The card's URL changes with the share's version (title, notebook, dates are inputs of it) and the card format. */
export function ogImageTag(note: CardNote): string {
  return `${note.version}-c${OG_CARD_FORMAT}`.replace(/[^A-Za-z0-9.-]/g, '');
}

/** A public notebook's card: same URL space as notes' (share ids do not collide), its own version. */
export function notebookOgImageTag(notebook: Pick<PublicNotebook, 'version'>): string {
  return `nb-${notebook.version}-c${OG_CARD_FORMAT}`.replace(/[^A-Za-z0-9.-]/g, '');
}

export function notebookOgImagePath(notebook: Pick<PublicNotebook, 'shareId' | 'version'>): string {
  return `/og/${notebook.shareId}/${notebookOgImageTag(notebook)}.png`;
}

export function ogImagePath(note: CardNote): string {
  return `/og/${note.shareId}/${ogImageTag(note)}.png`;
}
