import type { PublicNotebook, SharedNote } from '../notes/types';

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

/** The card's URL changes with the note version and the build, so the bytes behind a URL never change. */
export function ogImageTag(note: SharedNote, buildId: string): string {
  return `${note.version}-${buildId}`.replace(/[^A-Za-z0-9.-]/g, '');
}

/** A public notebook's card: same URL space as notes' (share ids do not collide), its own version. */
export function notebookOgImageTag(notebook: Pick<PublicNotebook, 'version'>, buildId: string): string {
  return `nb-${notebook.version}-${buildId}`.replace(/[^A-Za-z0-9.-]/g, '');
}

export function notebookOgImagePath(notebook: Pick<PublicNotebook, 'shareId' | 'version'>, buildId: string): string {
  return `/og/${notebook.shareId}/${notebookOgImageTag(notebook, buildId)}.png`;
}

export function ogImagePath(note: SharedNote, buildId: string): string {
  return `/og/${note.shareId}/${ogImageTag(note, buildId)}.png`;
}
