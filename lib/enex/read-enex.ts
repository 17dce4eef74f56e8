import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { addContent, addError, append, finishNote, finishResource, hasAllErrors, newNote, newResource, openData, openTag, type NoteDraft } from './note-draft';
import { ParserFeed } from './parser-feed';
import { EnexRefusedError, type EnexEntry } from './types';

/**
 * The most the XML parser may hold in one token (a text node, a CDATA section, a start tag with its
 * attributes): 6x the largest legitimate one (ENML, capped at MAX_CONTENT_CHARS), ~128 MB of
 * UTF-16 at worst, and far below V8's ~2^29-character string limit, where saxes would crash.
 * Resource data does not count: ParserFeed streams it past the parser.
 */
export const MAX_TOKEN_CHARS = 64 * 1024 * 1024;
/**
 * ENEX nests five or six levels deep; the parser keeps an object per open element (~300 bytes),
 * so a file of nothing but start tags (1M nested: 305 MB) could exhaust memory. Past this depth
 * reading stops. ENML nested inside <content> is text to this parser and does not count.
 */
export const MAX_DEPTH = 10_000;

/**
 * Streams an ENEX export note by note. The XML parser never expands entities beyond XML's five and
 * never fetches anything, and a prolog DOCTYPE with an internal subset (entity declarations: billion
 * laughs, XXE) refuses the whole file before any note is returned. Well-formedness errors inside a
 * note reject only that note; the other notes still come through. Memory stays bounded by the
 * caps in note-draft.ts, MAX_TOKEN_CHARS and MAX_DEPTH: past either limit the note being read
 * fails and the rest of the file is not read (the parser cannot resume after skipping input).
 */
export async function* readEnex(input: AsyncIterable<Buffer | string>): AsyncGenerator<EnexEntry> {
  const parser = new SaxesParser({ position: true });
  const feed = new ParserFeed(parser);
  const ready: EnexEntry[] = [];
  const stack: string[] = [];
  let note: NoteDraft | null = null;
  let noteCount = 0;
  let refused: string | null = null;
  let fatal: string | null = null;
  let tooDeep = false;

  const field = (): string => stack[stack.length - 1] ?? '';
  const parent = (): string => stack[stack.length - 2] ?? '';
  const sawEvent = (): void => feed.sawEvent();

  // No handlers for comments, PIs or the XML declaration: the next event accounts for them. saxes
  // stores each handler as a new property of the parser, and past seven V8 turns the parser into a
  // slow dictionary object (%HasFastProperties): parsing a 50 MB note took 6x longer.
  parser.on('doctype', (doctype) => {
    sawEvent();
    // A DOCTYPE after the first element is malformed XML (saxes reports it, and never expands the
    // entities it declares); refusing the file then would come after earlier notes were written.
    if (stack.length > 0 || noteCount > 0) return;
    if (/\[|<!ENTITY/i.test(doctype)) {
      refused = 'the DOCTYPE has an internal subset (entity declarations); ENEX files never need one and it is how entity-expansion and XXE attacks start';
    }
  });
  parser.on('error', (err) => {
    if (note && hasAllErrors(note)) return;
    const message = err.message.replace(/^(?:[^:]*:)?(\d+:\d+): /, 'line $1: ');
    if (note) addError(note, `malformed XML (${message})`);
    else if (stack.length === 0 && noteCount === 0 && !fatal) fatal = `not well-formed XML (${message})`;
  });
  parser.on('opentag', (tag) => {
    sawEvent();
    stack.push(tag.name);
    if (stack.length > MAX_DEPTH) tooDeep = true;
    if (stack.length === 1 && noteCount === 0 && tag.name !== 'en-export' && tag.name !== 'note') {
      fatal = `root element is <${tag.name}>, expected <en-export>`;
    }
    if (tag.name === 'note' && !note) {
      noteCount += 1;
      note = newNote(noteCount);
      if (stack.length === 1) note.warnings.push('bare <note> without an <en-export> root');
    } else if (note && tag.name === 'tag' && parent() === 'note') {
      openTag(note);
    } else if (note && tag.name === 'resource' && parent() === 'note') {
      note.resource = newResource();
    } else if (note?.resource && tag.name === 'data' && parent() === 'resource') {
      const raw = tag.attributes.encoding;
      const encoding = (typeof raw === 'string' ? raw : 'base64').toLowerCase();
      if (encoding !== 'base64') addError(note, `resource data encoding "${encoding}" is not supported`);
      else {
        const decoder = openData(note);
        note.resource.decoder = decoder;
        if (!tag.isSelfClosing) feed.streamTextTo((text) => decoder.write(text));
      }
    }
  });
  const onText = (text: string): void => {
    sawEvent();
    if (!note) return;
    const name = field();
    const owner = parent();
    if (owner === 'note') {
      if (name === 'title') note.title = append(note.title, text);
      else if (name === 'content') addContent(note, text);
      else if (name === 'created') note.created = append(note.created, text);
      else if (name === 'updated') note.updated = append(note.updated, text);
      else if (name === 'tag' && note.tagIndex >= 0) note.tags[note.tagIndex] = append(note.tags[note.tagIndex] ?? '', text);
    } else if (owner === 'note-attributes') {
      if (name === 'author') note.author = append(note.author, text);
      else if (name === 'source-url') note.sourceUrl = append(note.sourceUrl, text);
    } else if (note.resource) {
      const res = note.resource;
      if (owner === 'resource' && name === 'data') res.decoder?.write(text);
      else if (owner === 'resource' && name === 'mime') res.mime = append(res.mime, text);
      else if (owner === 'resource' && name === 'width') res.width = append(res.width, text);
      else if (owner === 'resource' && name === 'height') res.height = append(res.height, text);
      else if (owner === 'resource-attributes' && name === 'file-name') res.fileName = append(res.fileName, text);
      else if (owner === 'resource-attributes' && name === 'source-url') res.sourceUrl = append(res.sourceUrl, text);
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    sawEvent();
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
    feed.write(typeof chunk === 'string' ? chunk : utf8.write(chunk));
    const limit = tooDeep ? `elements are nested more than ${MAX_DEPTH} deep`
      : feed.bufferedChars > MAX_TOKEN_CHARS ? `a single XML token is longer than ${MAX_TOKEN_CHARS} characters` : null;
    if (limit) {
      yield* drain();
      yield* stopReading(note, noteCount, `${limit}; the rest of the file was not read`);
      return;
    }
    yield* drain();
  }
  feed.write(utf8.end());
  feed.end();
  parser.close();
  const open = note as NoteDraft | null;
  if (open) {
    addError(open, 'file ends inside this note (truncated export?)');
    ready.push(finishNote(open));
  }
  yield* drain();
  if (noteCount === 0) throw new EnexRefusedError('not an ENEX export: it contains no <note>');
}

/** The entry that reports a limit that stopped reading: the open note fails, or else the rest of the file. */
function stopReading(note: NoteDraft | null, noteCount: number, message: string): EnexEntry[] {
  if (note) {
    note.errors.unshift(message);
    return [finishNote(note)];
  }
  if (noteCount === 0) throw new EnexRefusedError(`not an ENEX export: ${message}`);
  return [{ ok: false, index: noteCount + 1, title: null, error: `after note ${noteCount}: ${message}` }];
}
