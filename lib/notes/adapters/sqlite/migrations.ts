import type Database from 'better-sqlite3';
import { addSearchIndex, SCOPE_SEARCH_INDEX } from './search-index';

/** Rows of the change feed kept (a reader behind by more starts over), and how often it is pruned. */
export const CHANGE_LOG_RETAINED = 100_000;
export const CHANGE_LOG_PRUNE_EVERY = 1_000;

/**
 * Schema migrations, applied in order and recorded in SQLite's `user_version`. Append only: a
 * released migration is never edited, so every database reaches the same schema.
 */
const MIGRATIONS: Array<string | ((db: Database.Database) => void)> = [
  `
  CREATE TABLE notebooks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  );
  CREATE TABLE notes (
    id TEXT PRIMARY KEY,
    notebook_id INTEGER REFERENCES notebooks(id),
    title TEXT NOT NULL,
    enml TEXT NOT NULL,
    created TEXT,
    updated TEXT,
    sort_time TEXT NOT NULL,
    author TEXT,
    source_url TEXT,
    lang TEXT NOT NULL,
    -- SHA-256 over what identifies an exported note; ENEX carries no note GUIDs, so this is what
    -- makes a re-import of the same file a no-op instead of a duplicate.
    fingerprint TEXT NOT NULL UNIQUE,
    revision INTEGER NOT NULL DEFAULT 1,
    imported_at TEXT NOT NULL
  );
  CREATE TABLE note_tags (
    note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (note_id, tag)
  );
  CREATE TABLE resources (
    hash TEXT PRIMARY KEY,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    width INTEGER,
    height INTEGER,
    data BLOB NOT NULL
  );
  CREATE TABLE note_resources (
    note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    hash TEXT NOT NULL REFERENCES resources(hash),
    file_name TEXT,
    position INTEGER NOT NULL,
    PRIMARY KEY (note_id, hash)
  );
  CREATE TABLE shares (
    share_id TEXT PRIMARY KEY,
    note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('link-only', 'indexable', 'revoked')),
    show_author INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  -- At most one live share per note; revoked share ids stay behind so they keep answering 410.
  CREATE UNIQUE INDEX shares_live_note ON shares(note_id) WHERE state != 'revoked';
  CREATE INDEX shares_state ON shares(state);
  CREATE INDEX notes_sort_time ON notes(sort_time DESC, id);
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE notebook_shares (
    share_id TEXT PRIMARY KEY,
    notebook_id INTEGER NOT NULL REFERENCES notebooks(id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('link-only', 'indexable', 'revoked')),
    revision INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX notebook_shares_live ON notebook_shares(notebook_id) WHERE state != 'revoked';
  CREATE INDEX notes_notebook_sort ON notes(notebook_id, sort_time DESC, id);
  `,
  // Full-text search inside public notebooks (search-index.ts), filled from the notes already there.
  addSearchIndex,
  `
  -- When the note's content was last written (an edit); NULL for notes never edited (imported_at then).
  ALTER TABLE notes ADD COLUMN changed_at TEXT;
  CREATE INDEX notebook_shares_notebook ON notebook_shares(notebook_id, updated_at);
  `,
  `
  -- The change feed (GET /v1/changes): one row per share whose public page (note or notebook
  -- listing) a committed write changed. Written by triggers, so no write path can forget it;
  -- readers poll it to know their cached copies are still current.
  CREATE TABLE share_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    share_id TEXT NOT NULL
  );
  -- Tells this log apart from another database's (a restored or replaced file restarts seq).
  INSERT INTO meta (key, value) VALUES ('change_log_id', lower(hex(randomblob(8))));
  CREATE TRIGGER share_changed_on_insert AFTER INSERT ON shares BEGIN
    INSERT INTO share_changes (share_id) VALUES (NEW.share_id);
    INSERT INTO share_changes (share_id) SELECT ns.share_id FROM notebook_shares ns JOIN notes n ON n.notebook_id = ns.notebook_id WHERE n.id = NEW.note_id;
  END;
  CREATE TRIGGER share_changed_on_update AFTER UPDATE ON shares BEGIN
    INSERT INTO share_changes (share_id) VALUES (NEW.share_id);
    INSERT INTO share_changes (share_id) SELECT ns.share_id FROM notebook_shares ns JOIN notes n ON n.notebook_id = ns.notebook_id WHERE n.id = NEW.note_id;
  END;
  CREATE TRIGGER note_changed AFTER UPDATE ON notes BEGIN
    INSERT INTO share_changes (share_id) SELECT share_id FROM shares WHERE note_id = NEW.id;
    INSERT INTO share_changes (share_id) SELECT share_id FROM notebook_shares WHERE notebook_id IN (OLD.notebook_id, NEW.notebook_id);
  END;
  CREATE TRIGGER notebook_share_changed_on_insert AFTER INSERT ON notebook_shares BEGIN
    INSERT INTO share_changes (share_id) VALUES (NEW.share_id);
    INSERT INTO share_changes (share_id) SELECT s.share_id FROM shares s JOIN notes n ON n.id = s.note_id WHERE n.notebook_id = NEW.notebook_id;
  END;
  CREATE TRIGGER notebook_share_changed_on_update AFTER UPDATE ON notebook_shares BEGIN
    INSERT INTO share_changes (share_id) VALUES (NEW.share_id);
    INSERT INTO share_changes (share_id) SELECT s.share_id FROM shares s JOIN notes n ON n.id = s.note_id WHERE n.notebook_id = NEW.notebook_id;
  END;
  `,
  `
  -- The change feed keeps its latest ${CHANGE_LOG_RETAINED} rows: pruned every ${CHANGE_LOG_PRUNE_EVERY} changes, so the
  -- table stays bounded. A reader further behind than what is kept gets reset: true (it forgets its
  -- cached copies), which is what getChanges already answers for a sequence number older than the log.
  CREATE TRIGGER share_changes_pruned AFTER INSERT ON share_changes
  WHEN NEW.seq % ${CHANGE_LOG_PRUNE_EVERY} = 0 BEGIN
    DELETE FROM share_changes WHERE seq <= NEW.seq - ${CHANGE_LOG_RETAINED};
  END;
  `,
  // Notebook search scoped in the index (search-index.ts): a search costs what its notebook holds.
  SCOPE_SEARCH_INDEX,
  `
  -- A notebook's latest change: its share's, or a share of a note in it (revoked ones included), or
  -- a note leaving it. Only moves forward; a notebook feed's <updated> never goes below it.
  ALTER TABLE notebooks ADD COLUMN changed_at TEXT;
  UPDATE notebooks SET changed_at = (SELECT MAX(t) FROM (
    SELECT MAX(s.updated_at) AS t FROM shares s JOIN notes n ON n.id = s.note_id WHERE n.notebook_id = notebooks.id
    UNION ALL SELECT MAX(updated_at) FROM notebook_shares WHERE notebook_id = notebooks.id));
  CREATE TRIGGER notebook_changed_by_share_insert AFTER INSERT ON shares BEGIN
    UPDATE notebooks SET changed_at = MAX(COALESCE(changed_at, ''), NEW.updated_at) WHERE id = (SELECT notebook_id FROM notes WHERE id = NEW.note_id);
  END;
  CREATE TRIGGER notebook_changed_by_share_update AFTER UPDATE ON shares BEGIN
    UPDATE notebooks SET changed_at = MAX(COALESCE(changed_at, ''), NEW.updated_at) WHERE id = (SELECT notebook_id FROM notes WHERE id = NEW.note_id);
  END;
  CREATE TRIGGER notebook_changed_by_own_share_insert AFTER INSERT ON notebook_shares BEGIN
    UPDATE notebooks SET changed_at = MAX(COALESCE(changed_at, ''), NEW.updated_at) WHERE id = NEW.notebook_id;
  END;
  CREATE TRIGGER notebook_changed_by_own_share_update AFTER UPDATE ON notebook_shares BEGIN
    UPDATE notebooks SET changed_at = MAX(COALESCE(changed_at, ''), NEW.updated_at) WHERE id = NEW.notebook_id;
  END;
  CREATE TRIGGER notebook_changed_by_note_move AFTER UPDATE OF notebook_id ON notes
  WHEN OLD.notebook_id IS NOT NEW.notebook_id BEGIN
    UPDATE notebooks SET changed_at = MAX(COALESCE(changed_at, ''), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) WHERE id IN (OLD.notebook_id, NEW.notebook_id);
  END;
  CREATE TRIGGER notebook_changed_by_note_delete AFTER DELETE ON notes BEGIN
    UPDATE notebooks SET changed_at = MAX(COALESCE(changed_at, ''), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) WHERE id = OLD.notebook_id;
  END;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this code (${MIGRATIONS.length}); refusing to run`);
  }
  for (let version = current; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      const migration = MIGRATIONS[version] as string | ((db: Database.Database) => void);
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
