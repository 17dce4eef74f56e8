import type Database from 'better-sqlite3';
import { extractText } from '../../../enml/extract-text';
import { parseEnml } from '../../../enml/parse-enml';
import { toIndexText } from '../../search/search-terms';

/**
 * The full-text index of the embedded store: one FTS5 row per note (rowid = the note's rowid),
 * holding the title and text as tokenised by search-terms.ts, the plain text for snippets, and
 * the note's notebook as one token (`scope`, `nb<notebook rowid>`). A search matches its notebook's
 * token as well as its words, so FTS5 intersects the posting lists and the cost follows the
 * notebook, not every note of the store holding a common word (a query column filter keeps readers'
 * words away from `scope`). Who may see a note is not in the index: searches join the live share
 * states, so a publish, an unpublish or a notebook share change shows in the very next search.
 */
const CREATE_SEARCH_INDEX = `
  CREATE VIRTUAL TABLE note_search USING fts5(
    title_terms, body_terms, body UNINDEXED, scope,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
    DELETE FROM note_search WHERE rowid = old.rowid;
  END;
  CREATE TRIGGER notes_search_notebook AFTER UPDATE OF notebook_id ON notes BEGIN
    UPDATE note_search SET scope = 'nb' || NEW.notebook_id WHERE rowid = NEW.rowid;
  END;
`;

/** The index as schema version 3 created it (no notebook scope); SCOPE_SEARCH_INDEX replaces it. */
const CREATE_SEARCH_INDEX_V3 = `
  CREATE VIRTUAL TABLE note_search USING fts5(
    title_terms, body_terms, body UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
    DELETE FROM note_search WHERE rowid = old.rowid;
  END;
`;

/** The `scope` token of a notebook (its rowid): letters and digits, one unicode61 token. */
export function notebookScope(notebookId: number): string {
  return `nb${notebookId}`;
}

/**
 * How much of a note is indexed: about what its page can show (MAX_NOTE_HTML_BYTES' default and
 * the page's node limit, lib/notes/get-note-view.ts). The whole note was parsed before: a note at
 * the content limit cost its import seconds and hundreds of MB, for text no page shows.
 */
const SEARCH_PARSE_LIMITS = { maxChars: 2_000_000, maxNodes: 20_000 };

/** The plain text a note is searched by: what the page shows, without encrypted blocks or media. */
export function noteSearchText(enml: string): string {
  return extractText(parseEnml(enml, SEARCH_PARSE_LIMITS).nodes);
}

interface IndexRow { rowid: number; titleTerms: string; bodyTerms: string; body: string; scope: string | null }

function indexRow(db: Database.Database, noteId: string): IndexRow | null {
  const note = db.prepare<[string], { rowid: number; title: string; enml: string; notebook_id: number | null }>('SELECT rowid, title, enml, notebook_id FROM notes WHERE id = ?').get(noteId);
  if (!note) return null;
  const body = noteSearchText(note.enml);
  return { rowid: note.rowid, titleTerms: toIndexText(note.title), bodyTerms: toIndexText(body), body, scope: note.notebook_id === null ? null : notebookScope(note.notebook_id) };
}

/** Adds (or replaces) a note's row in the index; call inside the transaction that writes the note. */
export function indexNote(db: Database.Database, noteId: string): void {
  const row = indexRow(db, noteId);
  if (!row) return;
  db.prepare('DELETE FROM note_search WHERE rowid = ?').run(row.rowid);
  db.prepare('INSERT INTO note_search (rowid, title_terms, body_terms, body, scope) VALUES (?, ?, ?, ?, ?)')
    .run(row.rowid, row.titleTerms, row.bodyTerms, row.body, row.scope);
}

/** Migration (schema version 3): the first index, without notebook scopes, filled from the notes already stored. */
export function addSearchIndex(db: Database.Database): void {
  db.exec(CREATE_SEARCH_INDEX_V3);
  const insert = db.prepare('INSERT INTO note_search (rowid, title_terms, body_terms, body) VALUES (?, ?, ?, ?)');
  for (const { id } of db.prepare<[], { id: string }>('SELECT id FROM notes').all()) {
    const row = indexRow(db, id);
    if (row) insert.run(row.rowid, row.titleTerms, row.bodyTerms, row.body);
  }
}

/**
 * Migration: the index with notebook scopes. Rows are copied from the old index (its columns are
 * stored), so no note is parsed again: a store of 20,000 notes moves in seconds.
 */
export const SCOPE_SEARCH_INDEX = `
  ALTER TABLE note_search RENAME TO note_search_unscoped;
  DROP TRIGGER notes_search_delete;
  ${CREATE_SEARCH_INDEX}
  INSERT INTO note_search (rowid, title_terms, body_terms, body, scope)
    SELECT f.rowid, f.title_terms, f.body_terms, f.body, 'nb' || n.notebook_id
    FROM note_search_unscoped f JOIN notes n ON n.rowid = f.rowid;
  DROP TABLE note_search_unscoped;
`;
