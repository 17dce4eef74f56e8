import { openDatabase, SqliteNoteStore } from '../lib/notes/adapters/sqlite-note-store';
import { SqliteNoteWriter } from '../lib/notes/adapters/sqlite/note-writer';

/** A fresh in-memory embedded store for tests. */
export function memoryStore(): { store: SqliteNoteStore; writer: SqliteNoteWriter } {
  const db = openDatabase(':memory:');
  return { store: new SqliteNoteStore(db), writer: new SqliteNoteWriter(db) };
}
