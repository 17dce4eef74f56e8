import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { Base64Decoder } from './base64-decoder';
import { parseEnexDate } from './enex-date';
import { EnexRefusedError, type EnexEntry, type EnexNote, type EnexResource } from './types';

/** Text fields are capped where Evernote caps them; longer values are hostile or corrupt. */
const MAX_TITLE = 255;
const MAX_FIELD = 4096;
/** Evernote's own limit on ENML length (EDAM_NOTE_CONTENT_LEN_MAX), with room for markup slack. */
const MAX_CONTENT_CHARS = 5_242_880 * 2;
const MAX_RESOURCES = 1000;
const MAX_TAGS = 100;

interface ResourceDraft {
  decoder: Base64Decoder | null;
  mime: string;
  width: string;
  height: string;
  fileName: string;
  sourceUrl: string;
}

interface NoteDraft {
  index: number;
  title: string;
  content: string[];
  contentChars: number;
  created: string;
  updated: string;
  tags: string[];
  author: string;
  sourceUrl: string;
  resources: EnexResource[];
  resource: ResourceDraft | null;
  errors: string[];
  warnings: string[];
}

function newNote(index: number): NoteDraft {
  return { index, title: '', content: [], contentChars: 0, created: '', updated: '', tags: [], author: '', sourceUrl: '', resources: [], resource: null, errors: [], warnings: [] };
}

function clip(value: string, max: number): string | null {
  const text = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return text === '' ? null : text.slice(0, max);
}

function finishResource(draft: NoteDraft, res: ResourceDraft): void {
  const decoded = res.decoder?.finish();
  if (!decoded) {
    draft.errors.push(`resource ${draft.resources.length + 1}: <data> is missing or not valid base64`);
    return;
  }
  if (draft.resources.length >= MAX_RESOURCES) {
    draft.errors.push(`more than ${MAX_RESOURCES} resources`);
    return;
  }
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

function finishNote(draft: NoteDraft): EnexEntry {
  const title = clip(draft.title, MAX_TITLE);
  if (draft.errors.length > 0) {
    return { ok: false, index: draft.index, title, error: draft.errors.slice(0, 3).join('; ') };
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

/**
 * Streams an ENEX export note by note. The XML parser never expands entities beyond XML's five and
 * never fetches anything, and a DOCTYPE with an internal subset (entity declarations: billion
 * laughs, XXE) refuses the whole file before any note is returned. Well-formedness errors inside a
 * note reject only that note; the other notes still come through.
 */
export async function* readEnex(input: AsyncIterable<Buffer | string>): AsyncGenerator<EnexEntry> {
  const parser = new SaxesParser({ position: true });
  const ready: EnexEntry[] = [];
  const stack: string[] = [];
  let note: NoteDraft | null = null;
  let noteCount = 0;
  let refused: string | null = null;
  let fatal: string | null = null;

  const field = (): string => stack[stack.length - 1] ?? '';
  const parent = (): string => stack[stack.length - 2] ?? '';

  parser.on('doctype', (doctype) => {
    if (/\[|<!ENTITY/i.test(doctype)) {
      refused = 'the DOCTYPE has an internal subset (entity declarations); ENEX files never need one and it is how entity-expansion and XXE attacks start';
    }
  });
  parser.on('error', (err) => {
    const message = err.message.replace(/^[^:]*:(\d+:\d+): /, 'line $1: ');
    if (note) note.errors.push(`malformed XML (${message})`);
    else if (stack.length === 0 && noteCount === 0 && !fatal) fatal = `not well-formed XML (${message})`;
  });
  parser.on('opentag', (tag) => {
    stack.push(tag.name);
    if (stack.length === 1 && noteCount === 0 && tag.name !== 'en-export' && tag.name !== 'note') {
      fatal = `root element is <${tag.name}>, expected <en-export>`;
    }
    if (tag.name === 'note' && !note) {
      noteCount += 1;
      note = newNote(noteCount);
      if (stack.length === 1) note.warnings.push('bare <note> without an <en-export> root');
    } else if (note && tag.name === 'tag' && parent() === 'note') {
      note.tags.push('');
    } else if (note && tag.name === 'resource' && parent() === 'note') {
      note.resource = { decoder: null, mime: '', width: '', height: '', fileName: '', sourceUrl: '' };
    } else if (note?.resource && tag.name === 'data' && parent() === 'resource') {
      const raw = tag.attributes.encoding;
      const encoding = (typeof raw === 'string' ? raw : 'base64').toLowerCase();
      if (encoding === 'base64') note.resource.decoder = new Base64Decoder();
      else note.errors.push(`resource data encoding "${encoding}" is not supported`);
    }
  });
  const onText = (text: string): void => {
    if (!note) return;
    const name = field();
    const owner = parent();
    if (owner === 'note') {
      if (name === 'title') note.title += text;
      else if (name === 'content') {
        note.contentChars += text.length;
        if (note.contentChars > MAX_CONTENT_CHARS) note.errors.push('content is larger than Evernote allows');
        else note.content.push(text);
      } else if (name === 'created') note.created += text;
      else if (name === 'updated') note.updated += text;
      else if (name === 'tag') note.tags[note.tags.length - 1] += text;
    } else if (owner === 'note-attributes') {
      if (name === 'author') note.author += text;
      else if (name === 'source-url') note.sourceUrl += text;
    } else if (note.resource) {
      if (owner === 'resource' && name === 'data') note.resource.decoder?.write(text);
      else if (owner === 'resource' && name === 'mime') note.resource.mime += text;
      else if (owner === 'resource' && name === 'width') note.resource.width += text;
      else if (owner === 'resource' && name === 'height') note.resource.height += text;
      else if (owner === 'resource-attributes' && name === 'file-name') note.resource.fileName += text;
      else if (owner === 'resource-attributes' && name === 'source-url') note.resource.sourceUrl += text;
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    stack.pop();
    if (!note) return;
    if (tag.name === 'resource' && note.resource) {
      finishResource(note, note.resource);
      note.resource = null;
    } else if (tag.name === 'note') {
      ready.push(finishNote(note));
      note = null;
    }
  });

  const drain = function* (): Generator<EnexEntry> {
    if (refused) throw new EnexRefusedError(`ENEX refused: ${refused}`);
    if (fatal) throw new EnexRefusedError(`not an ENEX export: ${fatal}`);
    yield* ready.splice(0, ready.length);
  };

  // Decodes UTF-8 across chunk boundaries (a character's bytes may be split between two reads).
  const utf8 = new StringDecoder('utf8');
  for await (const chunk of input) {
    parser.write(typeof chunk === 'string' ? chunk : utf8.write(chunk));
    yield* drain();
  }
  parser.write(utf8.end());
  parser.close();
  const open = note as NoteDraft | null;
  if (open) {
    open.errors.push('file ends inside this note (truncated export?)');
    ready.push(finishNote(open));
  }
  yield* drain();
  if (noteCount === 0) throw new EnexRefusedError('not an ENEX export: it contains no <note>');
}
