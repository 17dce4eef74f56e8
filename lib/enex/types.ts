export interface EnexResource {
  /** Lowercase hex MD5 of `data`. */
  hash: string;
  data: Buffer;
  /** The `<mime>` the export declared; the importer checks it against the bytes. */
  mime: string;
  width: number | null;
  height: number | null;
  fileName: string | null;
  sourceUrl: string | null;
}

export interface EnexNote {
  title: string;
  enml: string;
  created: string | null;
  updated: string | null;
  tags: string[];
  author: string | null;
  sourceUrl: string | null;
  resources: EnexResource[];
}

/** One entry per `<note>`: the parsed note, or why it was skipped. `index` counts from 1. */
export type EnexEntry =
  | { ok: true; index: number; note: EnexNote; warnings: string[] }
  | { ok: false; index: number; title: string | null; error: string };

/** The whole file was refused (hostile DTD, not ENEX at all): nothing from it may be imported. */
export class EnexRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnexRefusedError';
  }
}
