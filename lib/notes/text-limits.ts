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
