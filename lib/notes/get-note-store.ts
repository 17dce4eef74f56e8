import { config, type Config } from '../config';
import { log } from '../log';
import { NoteStoreUnavailableError, type NoteStore } from './note-store';
import type { SqliteNoteStore } from './adapters/sqlite-note-store';
import type { SqliteNoteWriter } from './adapters/sqlite/note-writer';

/**
 * Kept on globalThis, not in a module variable: Next bundles every route separately, and each bundle
 * gets its own copy of this module. A module variable gives each route its own store (cache, breaker,
 * socket pool), and the webhook's invalidate() never reaches the cache the note pages read.
 */
const STORE = Symbol.for('note-publisher.note-store');
const registry = globalThis as typeof globalThis & { [STORE]?: Promise<NoteStore> };

/** The one place that picks an adapter. Memoised per process; a failed open is retried next call. */
export function getNoteStore(cfg: Config = config): Promise<NoteStore> {
  registry[STORE] ??= openConfiguredStore(cfg).catch((error: unknown) => {
    registry[STORE] = undefined;
    log.error('could not open the note store', { error });
    throw new NoteStoreUnavailableError('could not open the note store', { cause: error });
  });
  return registry[STORE];
}

async function openConfiguredStore(cfg: Config): Promise<NoteStore> {
  if (cfg.noteStore === 'http') {
    // The production path: no native module (better-sqlite3) is loaded on it.
    const { HttpNoteStore, httpNoteStoreOptions } = await import('./adapters/http-note-store');
    return new HttpNoteStore(httpNoteStoreOptions(cfg));
  }
  return (await openEmbeddedStore(cfg)).store;
}

/**
 * Opens the embedded SQLite store (migrating it, and seeding the demo notes into a new database
 * when configured). Also used by the CLI, which needs the write side too.
 */
export async function openEmbeddedStore(cfg: Config = config): Promise<{ store: SqliteNoteStore; writer: SqliteNoteWriter }> {
  // Loaded on demand: better-sqlite3 is a native addon that only this adapter needs.
  const [{ openDatabase, SqliteNoteStore }, { SqliteNoteWriter }, { seedDemo }] = await Promise.all([
    import('./adapters/sqlite-note-store'),
    import('./adapters/sqlite/note-writer'),
    import('./adapters/sqlite/seed-demo'),
  ]);
  const db = openDatabase(cfg.dbPath);
  if (cfg.seedDemo && (await seedDemo(db, cfg.demoDir))) {
    log.info('seeded demo notes', { dbPath: cfg.dbPath });
  }
  return { store: new SqliteNoteStore(db), writer: new SqliteNoteWriter(db) };
}
