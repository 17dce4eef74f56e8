import { Base64Decoder } from './base64-decoder';
import { parseEnexDate } from './enex-date';
import type { EnexEntry, EnexNote, EnexResource } from './types';

/** Text fields are capped where Evernote caps them; longer values are hostile or corrupt. */
const MAX_TITLE = 255;
const MAX_FIELD = 4096;
/** Evernote's own limit on ENML length (EDAM_NOTE_CONTENT_LEN_MAX), with room for markup slack. */
export const MAX_CONTENT_CHARS = 5_242_880 * 2;
const MAX_RESOURCES = 1000;
const MAX_TAGS = 100;
/**
 * Evernote's largest note for its top plan (EDAM_NOTE_SIZE_MAX_PREMIUM, 200 MB): resource bytes
 * beyond it are dropped as they stream in, so a hostile file cannot make one note use unbounded memory.
 */
export const MAX_NOTE_RESOURCE_BYTES = 200 * 1024 * 1024;
/**
 * A field can arrive as many text pieces (split by comments or CDATA sections). Raw text is kept
 * up to this length, far beyond every cap above plus pretty-printing whitespace; beyond it the
 * pieces are dropped, so appending cannot grow a string without bound.
 */
const MAX_RAW_FIELD = 65_536;
/** `<tag>` elements read per note (duplicates are folded afterwards, so more than MAX_TAGS). */
const MAX_RAW_TAGS = MAX_TAGS * 10;
/** Only the first errors are reported; a note of garbage would otherwise collect one per byte. */
const MAX_ERRORS = 3;

export interface ResourceDraft {
  decoder: Base64Decoder | null;
  mime: string;
  width: string;
  height: string;
  fileName: string;
  sourceUrl: string;
}

export interface NoteDraft {
  index: number;
  title: string;
  content: string[];
  contentChars: number;
  created: string;
  updated: string;
  tags: string[];
  /** Which entry of `tags` the open `<tag>` fills, or -1 when it is past MAX_RAW_TAGS. */
  tagIndex: number;
  author: string;
  sourceUrl: string;
  resources: EnexResource[];
  resourceBytes: number;
  resource: ResourceDraft | null;
  errors: string[];
  warnings: string[];
}

export function newNote(index: number): NoteDraft {
  return {
    index, title: '', content: [], contentChars: 0, created: '', updated: '', tags: [], tagIndex: -1, author: '', sourceUrl: '',
    resources: [], resourceBytes: 0, resource: null, errors: [], warnings: [],
  };
}

export function newResource(): ResourceDraft {
  return { decoder: null, mime: '', width: '', height: '', fileName: '', sourceUrl: '' };
}

/** `current + text`, keeping at most MAX_RAW_FIELD characters. */
export function append(current: string, text: string): string {
  if (current.length >= MAX_RAW_FIELD) return current;
  return current + (current.length + text.length > MAX_RAW_FIELD ? text.slice(0, MAX_RAW_FIELD - current.length) : text);
}

export function addError(draft: NoteDraft, message: string): void {
  if (draft.errors.length < MAX_ERRORS && !draft.errors.includes(message)) draft.errors.push(message);
}

export function hasAllErrors(draft: NoteDraft): boolean {
  return draft.errors.length >= MAX_ERRORS;
}

export function openTag(draft: NoteDraft): void {
  draft.tagIndex = draft.tags.length < MAX_RAW_TAGS ? draft.tags.push('') - 1 : -1;
}

export function openData(draft: NoteDraft): Base64Decoder {
  return new Base64Decoder(MAX_NOTE_RESOURCE_BYTES - draft.resourceBytes);
}

export function addContent(draft: NoteDraft, text: string): void {
  draft.contentChars += text.length;
  if (draft.contentChars > MAX_CONTENT_CHARS) addError(draft, 'content is larger than Evernote allows');
  else draft.content.push(text);
}

// Only the C0 controls XML cannot carry become spaces. Other code points pages must not show (C1
// controls, noncharacters) are kept as the export has them: the store's readers drop them
// (lib/notes/adapters/sqlite/rows.ts), so an import loses nothing and re-importing matches.
function clip(value: string, max: number): string | null {
  const text = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return text === '' ? null : text.slice(0, max);
}

export function finishResource(draft: NoteDraft, res: ResourceDraft): void {
  const number = draft.resources.length + 1;
  const decoded = res.decoder?.finish();
  if (res.decoder?.isTooLarge) {
    addError(draft, `resource ${number}: the note's resources are larger than Evernote allows (${MAX_NOTE_RESOURCE_BYTES} bytes)`);
    return;
  }
  if (!decoded) {
    addError(draft, `resource ${number}: <data> is missing or not valid base64`);
    return;
  }
  if (draft.resources.length >= MAX_RESOURCES) {
    addError(draft, `more than ${MAX_RESOURCES} resources`);
    return;
  }
  draft.resourceBytes += decoded.data.length;
  const int = (v: string): number | null => (/^\s*\d{1,6}\s*$/.test(v) && Number(v) > 0 ? Number(v) : null);
  draft.resources.push({
    hash: decoded.hash,
    data: decoded.data,
    mime: clip(res.mime, 255)?.toLowerCase() ?? 'application/octet-stream',
    width: int(res.width),
    height: int(res.height),
    fileName: clip(res.fileName, 255),
    sourceUrl: clip(res.sourceUrl, MAX_FIELD),
  });
}

export function finishNote(draft: NoteDraft): EnexEntry {
  const title = clip(draft.title, MAX_TITLE);
  if (draft.errors.length > 0) {
    return { ok: false, index: draft.index, title, error: draft.errors.join('; ') };
  }
  const note: EnexNote = {
    title: title ?? '',
    enml: draft.content.join('').trim(),
    created: parseEnexDate(draft.created),
    updated: parseEnexDate(draft.updated),
    tags: [...new Set(draft.tags.map((t) => clip(t, 100)).filter((t): t is string => t !== null))].slice(0, MAX_TAGS),
    author: clip(draft.author, MAX_FIELD),
    sourceUrl: clip(draft.sourceUrl, MAX_FIELD),
    resources: draft.resources,
  };
  if (!title) draft.warnings.push('note has no title');
  if (draft.created.trim() && !note.created) draft.warnings.push(`unreadable <created> "${draft.created.trim().slice(0, 40)}"`);
  return { ok: true, index: draft.index, note, warnings: draft.warnings };
}
