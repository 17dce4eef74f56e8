import { config } from '../config';
import { canonicalRedirect } from './canonical-redirect';
import { safeFileName } from './safe-file-name';
import { OG_HEIGHT, OG_WIDTH, ogImagePath } from '../og/og-image-path';
import { fallbackNoteDescription, noteDisplayTitle } from '../seo/page-title';
import { qrCodePath } from '../seo/qr-code-path';
import { extractTextSteps, summarize, textLengthSteps } from '../enml/extract-text';
import { pageLanguage } from '../enml/detect-language';
import { normalizeHeadingsSteps } from '../enml/normalize-headings';
import { addHeadingAnchorsSteps, readingMinutes, type TocEntry } from '../enml/outline';
import { HIGHLIGHT_MARKUP_BYTES } from '../enml/highlight';
import { parseEnmlSteps } from '../enml/parse-enml';
import { runSteps, type Steps } from '../enml/steps';
import { truncateNodesSteps } from '../enml/truncate-nodes';
import type { EnmlNode } from '../enml/types';
import type { ResolvedResource } from '../enml/render-enml';
import { getNoteStore } from './get-note-store';
import { imageSources } from './image-sources';
import { isInlineImage } from './resource-kind';
import { isShareId } from './share-id';
import { localePath, uiLocaleFor } from '../i18n/locales';
import { buildAppLinks, type AppLinks } from './app-links';
import { notebookPath, notePath } from './slug';
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
  /** The generated 1200x630 card (og:image, twitter:image). */
  ogImage: { url: string; width: number; height: number };
  /** The note's own first image, for the Article's structured data. */
  leadImage: { url: string; width: number; height: number } | null;
  /** Table of contents; empty unless the note is long enough to need one. */
  toc: TocEntry[];
  readingMinutes: number;
  /** URL of the QR code image (the share's short URL) for desktop readers to open the note on a phone. */
  qrCode: string;
  /** "Open in app" / "Save to my notes" targets. */
  appLinks: AppLinks;
  /** The public notebook listing this note, if any. */
  notebookHref: string | null;
  /** True when the note was too large to show whole (see config.maxNoteHtmlBytes). */
  isTruncated: boolean;
  resources: Record<string, ResolvedResource>;
}

export type NoteLookup =
  | { kind: 'not-found' }
  | { kind: 'gone'; lang: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'ok'; note: SharedNote };

/**
 * Parsed nodes per note at most (elements and text runs). Time and memory of a render grow with
 * the node count, about 1 KB of heap per node through parse, sanitised tree and React; this keeps
 * the worst note within the bounds in docs/security.md and still shows thousands of paragraphs.
 */
export const MAX_NOTE_NODES = 20_000;

/** Text read for the description and reading time (a long note's text is not all collected). */
const TEXT_SAMPLE_CHARS = 200_000;

const MIN_TOC_HEADINGS = 4;
const MIN_TOC_TEXT = 2000;

export function resourceUrl(shareId: string, hash: string): string {
  return `/r/${shareId}/${hash}`;
}

function firstImage(nodes: readonly EnmlNode[], resources: Record<string, ResolvedResource>): NoteView['leadImage'] {
  const stack = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as EnmlNode;
    if (node.kind === 'media') {
      const r = resources[node.hash];
      if (r?.isImage && r.width && r.height) return { url: r.url, width: r.width, height: r.height };
    } else if (node.kind === 'element' || node.kind === 'todo-item') {
      for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i] as EnmlNode);
    }
  }
  return null;
}

const imageLoader = { loader: config.imageLoader, baseUrl: config.resourceBaseUrl };

/**
 * The language a note's page is in: its stored tag, or for `und` a choice by the script of its
 * title and text (pageLanguage). Cheap enough for the headers of a 304 (no ENML parse: tags are
 * stripped from the first few kilobytes).
 */
export function noteLanguage(note: Pick<SharedNote, 'lang' | 'title' | 'enml'>): string {
  if (note.lang && note.lang !== 'und') return note.lang;
  // Cipher text is base64, i.e. Latin letters: it must not decide the language.
  const sample = note.enml.slice(0, 8000).replace(/<en-crypt[\s\S]*?(<\/en-crypt>|$)/g, ' ').replace(/<[^>]*>?/g, ' ');
  return pageLanguage(note.lang, `${note.title} ${sample}`, config.defaultLocale);
}

/** The page model of a live shared note: sanitised body, resolved resources, SEO fields. */
export function toNoteView(note: SharedNote): NoteView {
  return runSteps(toNoteViewSteps(note));
}

/** toNoteView as steps (lib/enml/steps.ts): pauses inside the parse and between the passes over the tree. */
export function* toNoteViewSteps(note: SharedNote): Steps<NoteView> {
  // Markup past the HTML budget could not be shown, so it is not parsed (cost stays bounded).
  const parsed = yield* parseEnmlSteps(note.enml, { maxChars: config.maxNoteHtmlBytes, maxNodes: MAX_NOTE_NODES });
  const outline = yield* addHeadingAnchorsSteps(yield* normalizeHeadingsSteps(parsed.nodes));
  // Highlighting adds its markup at render time, within its own reserve (highlight.ts).
  const body = yield* truncateNodesSteps(outline.nodes, config.maxNoteHtmlBytes - HIGHLIGHT_MARKUP_BYTES);
  // The beginning is enough for the description and the contents threshold; reading time scales it.
  const text = yield* extractTextSteps(parsed.nodes, TEXT_SAMPLE_CHARS);
  const totalText = yield* textLengthSteps(parsed.nodes);
  yield;
  const resources: Record<string, ResolvedResource> = {};
  for (const r of note.resources) {
    const isImage = isInlineImage(r.mime, r.width);
    const sources = isImage ? imageSources(resourceUrl(note.shareId, r.hash), r.mime, r.width, imageLoader) : null;
    resources[r.hash] = {
      url: sources?.src ?? resourceUrl(note.shareId, r.hash),
      srcSet: sources?.srcSet ?? null,
      sizes: sources?.sizes ?? null,
      mime: r.mime,
      size: r.size,
      fileName: safeFileName(r.fileName, r.hash.slice(0, 12)),
      width: r.width,
      height: r.height,
      isImage,
    };
  }
  const canonicalUrl = `${config.siteUrl}${notePath(note.shareId, note.title || 'Untitled')}`;
  const lang = noteLanguage(note);
  const changed = note.updated ?? note.created;
  const title = noteDisplayTitle(note.title, lang, changed, note.notebook);
  return {
    shareId: note.shareId,
    title,
    canonicalUrl,
    description: summarize(text) || fallbackNoteDescription(title, lang, changed, note.notebook),
    lang,
    created: note.created,
    updated: note.updated,
    authorName: note.authorName,
    notebook: note.notebook,
    tags: note.tags,
    isIndexable: note.state === 'indexable',
    version: note.version,
    body: body.nodes,
    ogImage: { url: ogImagePath(note), width: OG_WIDTH, height: OG_HEIGHT },
    leadImage: firstImage(body.nodes, resources),
    isTruncated: body.isTruncated || parsed.isCut,
    // A contents list only helps when there is something to skip through.
    toc: outline.toc.length >= MIN_TOC_HEADINGS && text.length >= MIN_TOC_TEXT ? outline.toc : [],
    readingMinutes: totalText > TEXT_SAMPLE_CHARS ? Math.round(readingMinutes(text) * (totalText / TEXT_SAMPLE_CHARS)) : readingMinutes(text),
    qrCode: qrCodePath(note.shareId),
    appLinks: buildAppLinks({ open: config.appOpenUrlTemplate, save: config.appSaveUrlTemplate }, note.shareId, canonicalUrl,
      localePath('/download', uiLocaleFor(note.lang))),
    notebookHref: note.notebookShareId ? notebookPath(note.notebookShareId) : null,
    resources,
  };
}

/**
 * Resolves a request for `/s/<shareId>/...`: unknown -> not-found, revoked -> gone, any URL other
 * than the canonical one (missing or stale slug, trailing slash, tracking parameters) -> redirect.
 * Does not render anything, so conditional requests can be answered before the expensive part.
 */
export async function resolveSharedNote(shareId: string, requestUrl: string): Promise<NoteLookup> {
  if (!isShareId(shareId)) return { kind: 'not-found' };
  const store = await getNoteStore();
  const note = await store.getSharedNote(shareId);
  if (!note) return { kind: 'not-found' };
  if (note.state === 'revoked') return { kind: 'gone', lang: noteLanguage(note) };
  // A note page takes no parameter: any query string is a duplicate of the canonical URL.
  const canonical = notePath(shareId, note.title || 'Untitled');
  const location = canonicalRedirect(requestUrl, canonical);
  if (location) return { kind: 'redirect', location: canonical };
  if (requestUrl.includes('?')) return { kind: 'redirect', location: canonical };
  return { kind: 'ok', note };
}
