import { config } from '../config';
import { safeFileName } from '../http/content-disposition';
import { extractText, summarize } from '../enml/extract-text';
import { parseEnml } from '../enml/parse-enml';
import { truncateNodes } from '../enml/truncate-nodes';
import type { EnmlNode } from '../enml/types';
import type { ResolvedResource } from '../enml/render-enml';
import { getNoteStore } from './get-note-store';
import { isInlineImage } from './resource-kind';
import { isShareId } from './share-id';
import { notePath, slugify } from './slug';
import type { SharedNote } from './types';

/** Everything the note page renders: plain JSON, no cipher text, no raw ENML. */
export interface NoteView {
  shareId: string;
  title: string;
  canonicalUrl: string;
  description: string;
  lang: string;
  created: string | null;
  updated: string | null;
  authorName: string | null;
  notebook: string | null;
  tags: string[];
  isIndexable: boolean;
  version: string;
  body: EnmlNode[];
  /** True when the note was too large to show whole (see config.maxNoteHtmlBytes). */
  isTruncated: boolean;
  resources: Record<string, ResolvedResource>;
}

export type NoteLookup =
  | { kind: 'not-found' }
  | { kind: 'gone'; lang: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'ok'; view: NoteView };

export function resourceUrl(shareId: string, hash: string): string {
  return `/r/${shareId}/${hash}`;
}

function toView(note: SharedNote): NoteView {
  const parsed = parseEnml(note.enml);
  const body = truncateNodes(parsed.nodes, config.maxNoteHtmlBytes);
  const resources: Record<string, ResolvedResource> = {};
  for (const r of note.resources) {
    resources[r.hash] = {
      url: resourceUrl(note.shareId, r.hash),
      mime: r.mime,
      size: r.size,
      fileName: safeFileName(r.fileName, r.hash.slice(0, 12)),
      width: r.width,
      height: r.height,
      isImage: isInlineImage(r.mime, r.width),
    };
  }
  const title = note.title || 'Untitled';
  return {
    shareId: note.shareId,
    title,
    canonicalUrl: `${config.siteUrl}${notePath(note.shareId, title)}`,
    description: summarize(extractText(parsed.nodes)),
    lang: note.lang === 'und' ? config.defaultLocale : note.lang,
    created: note.created,
    updated: note.updated,
    authorName: note.authorName,
    notebook: note.notebook,
    tags: note.tags,
    isIndexable: note.state === 'indexable',
    version: note.version,
    body: body.nodes,
    isTruncated: body.isTruncated,
    resources,
  };
}

/**
 * Resolves `/s/<shareId>/<slug>`: unknown -> not-found, revoked -> gone, any slug other than the
 * canonical one (missing, stale after a title change, differently encoded) -> redirect.
 */
export async function getNoteView(shareId: string, slug: readonly string[] | undefined): Promise<NoteLookup> {
  if (!isShareId(shareId)) return { kind: 'not-found' };
  const store = await getNoteStore();
  const note = await store.getSharedNote(shareId);
  if (!note) return { kind: 'not-found' };
  if (note.state === 'revoked') return { kind: 'gone', lang: note.lang };
  const title = note.title || 'Untitled';
  if (slug?.length !== 1 || slug[0] !== slugify(title)) {
    return { kind: 'redirect', location: notePath(shareId, title) };
  }
  return { kind: 'ok', view: toView(note) };
}
