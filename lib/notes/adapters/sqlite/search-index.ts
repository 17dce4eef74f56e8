import type Database from 'better-sqlite3';
import { extractText } from '../../../enml/extract-text';
import { parseEnml } from '../../../enml/parse-enml';
import { toIndexText } from '../../search/search-terms';

/**
 * The full-text index of the embedded store: one FTS5 row per note (rowid = the note's rowid),
 * holding the title and text as tokenised by search-terms.ts, plus the plain text for snippets.
 * Who may see a note is not in the index: searches join the live share states, so a publish,
 * an unpublish or a notebook change shows in the very next search without touching the index.
 */
export const CREATE_SEARCH_INDEX = `
  CREATE VIRTUAL TABLE note_search USING fts5(
    title_terms, body_terms, body UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
    DELETE FROM note_search WHERE rowid = old.rowid;
  END;
`;

/** The plain text a note is searched by: what the page shows, without encrypted blocks or media. */
export function noteSearchText(enml: string): string {
  return extractText(parseEnml(enml).nodes);
}

/** Adds (or replaces) a note's row in the index; call inside the transaction that writes the note. */
export function indexNote(db: Database.Database, noteId: string): void {
  const note = db.prepare<[string], { rowid: number; title: string; enml: string }>('SELECT rowid, title, enml FROM notes WHERE id = ?').get(noteId);
  if (!note) return;
  const body = noteSearchText(note.enml);
  db.prepare('DELETE FROM note_search WHERE rowid = ?').run(note.rowid);
  db.prepare('INSERT INTO note_search (rowid, title_terms, body_terms, body) VALUES (?, ?, ?, ?)')
    .run(note.rowid, toIndexText(note.title), toIndexText(body), body);
}

/** Migration: creates the index and fills it from the notes already stored. */
export function addSearchIndex(db: Database.Database): void {
  db.exec(CREATE_SEARCH_INDEX);
  for (const { id } of db.prepare<[], { id: string }>('SELECT id FROM notes').all()) indexNote(db, id);
}
