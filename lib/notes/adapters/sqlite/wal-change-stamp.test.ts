import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnexNote } from '../../../enex/types';
import { openDatabase, SqliteNoteStore } from '../sqlite-note-store';
import { SqliteNoteWriter } from './note-writer';
import { shareVersionTag } from './rows';
import { seeded } from '../../../../test/seeded-random';

/**
 * SqliteNoteStore keeps share versions between commits (WalChangeStamp): every kind of commit
 * must be seen by the very next read, or a revoked note would keep answering 304 and 200.
 */
function note(title: string, body = title): EnexNote {
  return { title, enml: `<en-note><div>${body}</div></en-note>`, created: '2026-01-01T00:00:00.000Z', updated: null, tags: [], author: null, sourceUrl: null, resources: [] };
}

const VERSION_SQL = `SELECT s.state, s.revision AS share_revision, n.revision,
  (SELECT ns.share_id FROM notebook_shares ns WHERE ns.notebook_id = n.notebook_id AND ns.state != 'revoked' AND s.state != 'revoked'
    AND (s.state = 'indexable' OR ns.state = 'link-only')) AS notebook_share_id
  FROM shares s JOIN notes n ON n.id = s.note_id WHERE s.share_id = ?`;

let dir = '';
let path = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wal-stamp-'));
  path = join(dir, 'notes.db');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function open(): { db: Database.Database; store: SqliteNoteStore; writer: SqliteNoteWriter } {
  const db = openDatabase(path);
  return { db, store: new SqliteNoteStore(db), writer: new SqliteNoteWriter(db) };
}

/** What the database says now, read without any cache. */
function truth(db: Database.Database, shareId: string): string {
  const row = db.prepare<[string], { state: string; share_revision: number; revision: number; notebook_share_id: string | null }>(VERSION_SQL).get(shareId);
  return row ? `${row.state} ${shareVersionTag(row.revision, row.share_revision, row.notebook_share_id)}` : 'none';
}

function seen(store: SqliteNoteStore, shareId: string): string {
  const version = store.getShareVersion(shareId);
  return version ? `${version.state} ${version.version}` : 'none';
}

describe('SqliteNoteStore share versions between commits', () => {
  it('answers a repeat read without querying, until something commits', () => {
    const { store, writer } = open();
    const shareId = writer.publish(writer.importNote(note('A'), 'NB').noteId, { indexable: true }) as string;
    const first = store.getShareVersion(shareId);
    // The same (frozen) object: the second read came from the map, not from SQLite.
    expect(store.getShareVersion(shareId)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(store.getShareVersion('AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
    store.close();
  });

  it('sees commits of its own connection, of another connection and of another process at once', () => {
    const { db, store, writer } = open();
    const noteId = writer.importNote(note('A'), 'NB').noteId;
    const shareId = writer.publish(noteId, { indexable: false }) as string;
    expect(seen(store, shareId)).toBe(truth(db, shareId));
    // Own connection: the writer the CLI and the demo seeding use.
    writer.publish(noteId, { indexable: true });
    expect(seen(store, shareId)).toMatch(/^indexable /);
    // Another connection in this process.
    const other = new Database(path);
    new SqliteNoteWriter(other).importNote(note('A', 'edited'), 'NB');
    expect(seen(store, shareId)).toBe(truth(db, shareId));
    other.close();
    // Another process, as the publishing CLI revoking a share.
    const revoke = spawnSync(process.execPath, ['-e', `
      const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      const db = new Database(process.argv[1]);
      db.prepare("UPDATE shares SET state = 'revoked', revision = revision + 1 WHERE share_id = ?").run(process.argv[2]);
      db.close();`, path, shareId], { encoding: 'utf8' });
    expect(revoke.status, revoke.stderr).toBe(0);
    expect(seen(store, shareId)).toMatch(/^revoked /);
    store.close();
  });

  it('sees commits after checkpoints that restart or truncate the WAL', () => {
    const { db, store, writer } = open();
    const noteId = writer.importNote(note('A'), 'NB').noteId;
    const shareId = writer.publish(noteId, { indexable: false }) as string;
    const other = new Database(path);
    const otherWriter = new SqliteNoteWriter(other);
    for (const mode of ['PASSIVE', 'FULL', 'RESTART', 'TRUNCATE']) {
      expect(seen(store, shareId)).toBe(truth(db, shareId));
      other.pragma(`wal_checkpoint(${mode})`);
      expect(seen(store, shareId)).toBe(truth(db, shareId));
      otherWriter.publish(noteId, { indexable: mode.length % 2 === 0 });
      expect(seen(store, shareId), mode).toBe(truth(db, shareId));
    }
    other.close();
    store.close();
  });

  it('never answers a stale version under random interleavings of writes and checkpoints', () => {
    const { db, store, writer } = open();
    const other = new Database(path);
    const writers = [writer, new SqliteNoteWriter(other)];
    const noteIds = ['A', 'B', 'C'].map((title) => writer.importNote(note(title), 'NB').noteId);
    const shareIds = noteIds.map((id) => writer.publish(id, { indexable: true }) as string);
    const random = seeded(7);
    for (let step = 0; step < 400; step += 1) {
      const pick = Math.floor(random() * 3);
      const w = writers[Math.floor(random() * 2)] as SqliteNoteWriter;
      const action = random();
      if (action < 0.25) w.publish(noteIds[pick] as string, { indexable: random() < 0.5 });
      else if (action < 0.35) w.unpublish(noteIds[pick] as string);
      else if (action < 0.45) w.importNote(note(['A', 'B', 'C'][pick] as string, `v${step}`), 'NB');
      else if (action < 0.5) other.pragma('wal_checkpoint(TRUNCATE)');
      for (const shareId of shareIds) expect(seen(store, shareId), `step ${step}`).toBe(truth(db, shareId));
    }
    other.close();
    store.close();
  });

  it('sees a revocation made while a sitemap shard is half streamed', async () => {
    const { db, store, writer } = open();
    const shareIds = ['A', 'B', 'C'].map((title) => writer.publish(writer.importNote(note(title), 'NB').noteId, { indexable: true }) as string);
    const stream = store.streamSitemapShard(0, 1000)[Symbol.asyncIterator]();
    expect((await stream.next()).done).toBe(false);
    const other = new Database(path);
    other.prepare("UPDATE shares SET state = 'revoked', revision = revision + 1 WHERE share_id = ?").run(shareIds[1]);
    other.close();
    // A read transaction left open by the stream would show this connection the old snapshot.
    expect(seen(store, shareIds[1] as string)).toMatch(/^revoked /);
    expect(seen(store, shareIds[1] as string)).toBe(truth(db, shareIds[1] as string));
    await stream.return?.();
    store.close();
  });

  it('watches the real -shm file when the database path is a symbolic link', () => {
    openDatabase(path).close();
    const link = join(dir, 'link.db');
    symlinkSync(path, link);
    const db = openDatabase(link);
    const store = new SqliteNoteStore(db);
    const writer = new SqliteNoteWriter(db);
    const shareId = writer.publish(writer.importNote(note('A'), 'NB').noteId, { indexable: true }) as string;
    const first = store.getShareVersion(shareId);
    expect(store.getShareVersion(shareId)).toBe(first);
    const other = new Database(path);
    other.prepare("UPDATE shares SET state = 'revoked', revision = revision + 1 WHERE share_id = ?").run(shareId);
    other.close();
    expect(seen(store, shareId)).toMatch(/^revoked /);
    store.close();
  });

  it('queries every time for a database without a WAL (in memory)', () => {
    const db = openDatabase(':memory:');
    const store = new SqliteNoteStore(db);
    const writer = new SqliteNoteWriter(db);
    const shareId = writer.publish(writer.importNote(note('A'), 'NB').noteId, { indexable: true }) as string;
    const first = store.getShareVersion(shareId);
    expect(store.getShareVersion(shareId)).not.toBe(first);
    expect(store.getShareVersion(shareId)).toEqual(first);
    store.close();
  });
});
