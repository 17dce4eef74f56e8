import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../../../test/memory-store';
import type { EnexNote } from '../../enex/types';
import { openDatabase, SqliteNoteStore } from './sqlite-note-store';
import { SCHEMA_VERSION } from './sqlite/migrations';
import { SqliteNoteWriter } from './sqlite/note-writer';
import { MAX_SEARCH_RESULTS } from './sqlite/search-notebook';

function note(title: string, body: string, day = 1): EnexNote {
  const at = `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
  return { title, enml: `<en-note><div>${body}</div></en-note>`, created: at, updated: at, tags: [], author: null, sourceUrl: null, resources: [] };
}

function seed(writer: SqliteNoteWriter, notes: EnexNote[], options: { indexable: boolean } = { indexable: true }): string[] {
  return notes.map((n) => {
    const id = writer.importNote(n, 'NB').noteId;
    return writer.publish(id, options) as string;
  });
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('notebook search in the embedded store', () => {
  it('ranks a title match above a text match, and finds two-character Chinese words anywhere', async () => {
    const { store, writer } = memoryStore();
    const [inText, inTitle, other] = seed(writer, [
      note('周末计划', '今天整理了一下分享笔记的方法', 3),
      note('分享笔记', '一些想法', 1),
      note('旅行', '没有相关内容', 2),
    ]);
    const nb = writer.publishNotebook('NB', { indexable: true }) as string;
    const found = await store.searchNotebook(nb, '笔记', 1, 10);
    expect(found?.hits.map((h) => h.shareId)).toEqual([inTitle, inText]);
    expect(found?.hits[1]?.snippet).toBe('今天整理了一下分享笔记的方法');
    expect((await store.searchNotebook(nb, '旅行', 1, 10))?.hits.map((h) => h.shareId)).toEqual([other]);
    expect((await store.searchNotebook(nb, '整理 方法', 1, 10))?.hits.map((h) => h.shareId)).toEqual([inText]);
    expect((await store.searchNotebook(nb, '笔记 旅行', 1, 10))?.hits).toEqual([]);
  });

  it('a link-only notebook finds its link-only notes; an indexable one does not', async () => {
    const { store, writer } = memoryStore();
    const [quiet] = seed(writer, [note('quiet', 'link only words')], { indexable: false });
    const nb = writer.publishNotebook('NB', { indexable: true }) as string;
    expect((await store.searchNotebook(nb, 'quiet', 1, 10))?.hits).toEqual([]);
    writer.publishNotebook('NB', { indexable: false });
    expect((await store.searchNotebook(nb, 'quiet', 1, 10))?.hits.map((h) => h.shareId)).toEqual([quiet]);
  });

  it('publish, unpublish and notebook revocation show in the next search', async () => {
    const { store, writer } = memoryStore();
    const id = writer.importNote(note('Harbour', 'boats'), 'NB').noteId;
    const nb = writer.publishNotebook('NB', { indexable: true }) as string;
    expect((await store.searchNotebook(nb, 'boats', 1, 10))?.total).toBe(0);
    writer.publish(id, { indexable: true });
    expect((await store.searchNotebook(nb, 'boats', 1, 10))?.total).toBe(1);
    writer.unpublish(id);
    expect((await store.searchNotebook(nb, 'boats', 1, 10))?.total).toBe(0);
    writer.publish(id, { indexable: true });
    writer.unpublishNotebook('NB');
    expect(await store.searchNotebook(nb, 'boats', 1, 10)).toMatchObject({ notebook: { state: 'revoked' }, hits: [], total: 0 });
  });

  it('never finds or shows encrypted text', async () => {
    const { store, writer } = memoryStore();
    const n = note('Locked', 'visible');
    n.enml = '<en-note><div>visible</div><en-crypt hint="pw">U2VjcmV0Q2lwaGVy</en-crypt></en-note>';
    seed(writer, [n]);
    const nb = writer.publishNotebook('NB', { indexable: true }) as string;
    expect((await store.searchNotebook(nb, 'U2VjcmV0Q2lwaGVy', 1, 10))?.total).toBe(0);
    expect((await store.searchNotebook(nb, 'pw', 1, 10))?.total).toBe(0);
    expect((await store.searchNotebook(nb, 'visible', 1, 10))?.hits[0]?.snippet).toBe('visible');
  });

  it(`counts at most ${MAX_SEARCH_RESULTS} matches`, async () => {
    const { store, writer } = memoryStore();
    seed(writer, Array.from({ length: MAX_SEARCH_RESULTS + 30 }, (_, i) => note(`common ${i}`, 'word')));
    const nb = writer.publishNotebook('NB', { indexable: true }) as string;
    const first = await store.searchNotebook(nb, 'common', 1, 50);
    expect(first).toMatchObject({ total: MAX_SEARCH_RESULTS, pageCount: MAX_SEARCH_RESULTS / 50 });
    expect((await store.searchNotebook(nb, 'common', MAX_SEARCH_RESULTS / 50, 50))?.hits).toHaveLength(50);
    expect((await store.searchNotebook(nb, 'common', MAX_SEARCH_RESULTS / 50 + 1, 50))?.hits).toEqual([]);
  });

  it('finds only its own notebook\'s notes, and a reader\'s words never match the notebook scope', async () => {
    const db = openDatabase(':memory:');
    const [store, writer] = [new SqliteNoteStore(db), new SqliteNoteWriter(db)];
    const [mine] = seed(writer, [note('harbour', 'boats nb1 scope')]);
    const theirs = writer.importNote(note('harbour too', 'boats'), 'Other').noteId;
    writer.publish(theirs, { indexable: true });
    const nb = writer.publishNotebook('NB', { indexable: true }) as string;
    const other = writer.publishNotebook('Other', { indexable: true }) as string;
    expect((await store.searchNotebook(nb, 'boats', 1, 10))?.hits.map((h) => h.shareId)).toEqual([mine]);
    expect((await store.searchNotebook(other, 'boats', 1, 10))?.total).toBe(1);
    // Notebook ids are small integers: "nb2" is the other notebook's scope token, never a word of its notes.
    for (const query of ['nb2', 'scope:nb2', 'scope : "nb2"', '{scope}: nb2', 'nb2 OR boats', 'NOT boats']) {
      expect((await store.searchNotebook(other, query, 1, 10))?.total, query).toBe(0);
    }
    // A note moved to another notebook (no write path does it today) is found there, and only there.
    db.prepare('UPDATE notes SET notebook_id = (SELECT id FROM notebooks WHERE name = ?) WHERE id = ?').run('NB', theirs);
    expect((await store.searchNotebook(nb, 'boats', 1, 10))?.total).toBe(2);
    expect((await store.searchNotebook(other, 'boats', 1, 10))?.total).toBe(0);
    db.close();
  });

  it('the migration indexes the notes of a database made before search existed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'search-migration-'));
    dirs.push(dir);
    const file = join(dir, 'notes.db');
    const db = openDatabase(file);
    const writer = new SqliteNoteWriter(db);
    const [shareId] = seed(writer, [note('旧笔记', 'written before the index')]);
    const nb = writer.publishNotebook('NB', { indexable: true }) as string;
    // Back to schema 2: no index (and none of the later migrations' objects), as a database written by the previous release.
    db.exec(`DROP TRIGGER notes_search_delete; DROP TRIGGER notes_search_notebook; DROP TABLE note_search;
      DROP TRIGGER share_changed_on_insert; DROP TRIGGER share_changed_on_update; DROP TRIGGER note_changed;
      DROP TRIGGER notebook_share_changed_on_insert; DROP TRIGGER notebook_share_changed_on_update; DROP TABLE share_changes;
      DELETE FROM meta WHERE key = 'change_log_id'; DROP INDEX notebook_shares_notebook; ALTER TABLE notes DROP COLUMN changed_at;
      DROP TRIGGER notebook_changed_by_share_insert; DROP TRIGGER notebook_changed_by_share_update;
      DROP TRIGGER notebook_changed_by_own_share_insert; DROP TRIGGER notebook_changed_by_own_share_update;
      DROP TRIGGER notebook_changed_by_note_move; DROP TRIGGER notebook_changed_by_note_delete; ALTER TABLE notebooks DROP COLUMN changed_at;`);
    db.pragma('user_version = 2');
    db.close();
    const reopened = new SqliteNoteStore(openDatabase(file));
    expect((await reopened.searchNotebook(nb, '笔记', 1, 10))?.hits.map((h) => h.shareId)).toEqual([shareId]);
    reopened.close();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
  });
});
