/**
 * Lengths of the user-controlled strings the app stores and draws (titles, names, tags), whichever
 * way they arrive: the ENEX importer, the publishing CLI or the note service. Evernote's own limits
 * (EDAM_*_LEN_MAX, evernote-thrift Limits.thrift) where it has one, else a display-sized bound:
 * a 30,000-character notebook name took 3 s to lay out in an Open Graph card.
 */
export const TEXT_LIMITS = {
  /** EDAM_NOTE_TITLE_LEN_MAX. */
  title: 255,
  /** EDAM_NOTEBOOK_NAME_LEN_MAX is 100; older exports and other services may be longer. */
  notebookName: 255,
  authorName: 255,
  /** EDAM_TAG_NAME_LEN_MAX, and at most EDAM_NOTE_TAGS_MAX tags. */
  tag: 100,
  tags: 100,
  fileName: 255,
  mime: 255,
  /** The longest well-formed BCP 47 tag anyone uses is far shorter. */
  lang: 35,
  /** EDAM_NOTE_RESOURCES_MAX. */
  resources: 1000,
  /** Twice EDAM_NOTE_CONTENT_LEN_MAX, as the importer allows (lib/enex/note-draft.ts). */
  enml: 5_242_880 * 2,
} as const;

/** The first `max` UTF-16 units of `text`, never ending in half a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * Code points no page or feed may carry: controls other than tab, line feed, form feed and carriage
 * return (C0, DEL, C1), noncharacters (U+FDD0-U+FDEF and the last two of every plane), and lone
 * surrogates. HTML makes them parse errors (the Nu checker rejects the page) and XML forbids most
 * of them. They still arrive: ENEX (XML 1.0) allows C1 controls and most noncharacters, character
 * references in ENML decode to any of them, and the note service may send anything.
 */
const FORBIDDEN_CHAR = '[\\u0000-\\u0008\\u000b\\u000e-\\u001f\\u007f-\\u009f\\ufdd0-\\ufdef\\ufffe\\uffff]'
  + '|[\\ud83f\\ud87f\\ud8bf\\ud8ff\\ud93f\\ud97f\\ud9bf\\ud9ff\\uda3f\\uda7f\\udabf\\udaff\\udb3f\\udb7f\\udbbf\\udbff][\\udffe\\udfff]'
  + '|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const FORBIDDEN_CHARS = new RegExp(FORBIDDEN_CHAR, 'g');
/**
 * Text that may hold one: any of the single forbidden units, or any surrogate (paired ones are fine,
 * and are kept). One character class scans text several times faster than the alternatives above,
 * which were a few percent of an uncached render of a Chinese note.
 */
const MAY_HAVE_FORBIDDEN_CHAR = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]/;

/** `text` without the code points pages and feeds must not carry (above); the same string when it has none. */
export function withoutForbiddenChars(text: string): string {
  if (!MAY_HAVE_FORBIDDEN_CHAR.test(text)) return text;
  const kept = text.replace(FORBIDDEN_CHARS, '');
  return kept.length === text.length ? text : kept;
}
