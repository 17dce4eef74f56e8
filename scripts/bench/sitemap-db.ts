/**
 * A SQLite database with a million indexable shared notes, built directly with better-sqlite3 on
 * the app's own schema (openDatabase migrates it), for the sitemap benchmark.
 */
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../lib/notes/adapters/sqlite-note-store';

const TITLES_EN = ['Weekly review', 'Reading notes', 'Meeting minutes', 'Trip plan', 'Recipe', 'Release checklist', 'Design sketch'];
const TITLES_ZH = ['周会纪要', '读书笔记：长期主义', '杭州两日游攻略', '数据清洗笔记', '个人知识管理', '家常菜谱', '项目复盘'];
/** Rows per INSERT statement: one prepared multi-row statement per table and batch. */
const ROWS = 100;

/**
 * Notes get random ids and their shares random 22-character base64url ids, as the CLI makes them;
 * titles alternate between English and Chinese (Chinese slugs percent-encode to long URLs).
 */
export function buildSitemapDatabase(path: string, count: number): void {
  if (count % ROWS !== 0) throw new Error(`count must be a multiple of ${ROWS}`);
  const db = openDatabase(path);
  try {
    // A bulk load into a throwaway file: no WAL (a million-row transaction makes it huge), no fsync.
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -400000');
    const notebook = Number(db.prepare('INSERT INTO notebooks (name) VALUES (?)').run('Bench notebook').lastInsertRowid);
    const insertNotes = db.prepare(`INSERT INTO notes (id, notebook_id, title, enml, created, updated, sort_time, lang, fingerprint, imported_at) VALUES ${
      Array.from({ length: ROWS }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
    const insertShares = db.prepare(`INSERT INTO shares (share_id, note_id, state, show_author, created_at, updated_at) VALUES ${
      Array.from({ length: ROWS }, () => "(?, ?, 'indexable', 0, ?, ?)").join(', ')}`);
    const base = Date.parse('2020-01-01T00:00:00Z');
    const importedAt = new Date().toISOString();
    db.transaction(() => {
      for (let start = 0; start < count; start += ROWS) {
        const random = randomBytes(ROWS * 24);
        const notes: unknown[] = [];
        const shares: unknown[] = [];
        for (let i = start; i < start + ROWS; i += 1) {
          const offset = (i - start) * 24;
          // Random like real ids, with the counter appended so they never collide.
          const noteId = `${random.subarray(offset, offset + 8).toString('base64url').slice(0, 8)}${i.toString(36)}`;
          const shareId = random.subarray(offset + 8, offset + 24).toString('base64url');
          const zh = i % 2 === 0;
          const title = `${(zh ? TITLES_ZH : TITLES_EN)[i % 7] ?? 'Note'} ${i}`;
          const when = new Date(base + i * 60_000).toISOString();
          notes.push(noteId, notebook, title, `<en-note><p>${title}</p></en-note>`, when, when, when, zh ? 'zh-CN' : 'en', i.toString(16).padStart(64, '0'), importedAt);
          shares.push(shareId, noteId, when, when);
        }
        insertNotes.run(...notes);
        insertShares.run(...shares);
      }
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('demo_seeded_at', importedAt);
    })();
  } finally {
    db.close();
  }
}
