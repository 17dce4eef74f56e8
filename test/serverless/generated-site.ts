import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { seeded, type Random } from '../seeded-random';

/**
 * A large site written straight into the embedded store's tables (the publishing CLI parses every
 * note and would take minutes for 10,000): notes in English, German, Chinese and undetected Latin
 * text (`und`), most indexable and filed in public notebooks, some link-only, some revoked, and
 * same-titled and untitled notes.
 */
export interface GeneratedSite {
  indexable: number;
  linkOnly: string[];
  revoked: string[];
  /** Expected `<html lang>` of each indexable note by share id. */
  langs: Map<string, string>;
  notebooks: string[];
}

const TEXTS: Array<[lang: string, expected: string, title: (i: number) => string, body: string]> = [
  ['en', 'en', (i) => `Field report ${i}: the trip to the lake`, 'This is the note about the trip to the lake, and it was fun for all of us.'],
  ['de', 'de', (i) => `Protokoll ${i}`, 'Das ist die Notiz über den Ausflug, und sie ist nicht lang, aber sie ist für uns.'],
  ['zh-CN', 'zh-CN', (i) => `周末杭州两日游攻略 第${i}篇`, '今天我们去西湖散步，天气很好，晚上吃了杭帮菜。'],
  ['und', 'en', (i) => `Kubernetes ${i}`, 'Grafana Prometheus Loki Tempo dashboards alerting.'],
  ['und', 'en', () => 'Meeting notes', 'Agenda: budget review, hiring plan.'],
  ['und', 'en', () => '', 'Scan attached.'],
];

function shareId(random: Random): string {
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(random() * 256);
  return bytes.toString('base64url');
}

export function generateSite(db: Database.Database, options: { notes: number; notebooks: number; seed?: number }): GeneratedSite {
  const random = seeded(options.seed ?? 16);
  const site: GeneratedSite = { indexable: 0, linkOnly: [], revoked: [], langs: new Map(), notebooks: [] };
  const now = '2026-11-01T00:00:00.000Z';
  db.transaction(() => {
    const notebook = db.prepare('INSERT INTO notebooks (name) VALUES (?)');
    const notebookShare = db.prepare("INSERT INTO notebook_shares (share_id, notebook_id, state, created_at, updated_at) VALUES (?, ?, 'indexable', ?, ?)");
    for (let b = 1; b <= options.notebooks; b += 1) {
      const id = Number(notebook.run(b % 2 === 0 ? `笔记本 ${b}` : `Notebook ${b}`).lastInsertRowid);
      const share = shareId(random);
      notebookShare.run(share, id, now, now);
      site.notebooks.push(share);
    }
    // One more notebook, private: its notes appear only on /explore.
    const loose = Number(notebook.run('Loose notes').lastInsertRowid);
    const note = db.prepare(`INSERT INTO notes (id, notebook_id, title, enml, created, updated, sort_time, author, source_url, lang, fingerprint, imported_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)`);
    const share = db.prepare('INSERT INTO shares (share_id, note_id, state, show_author, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)');
    for (let i = 0; i < options.notes; i += 1) {
      const [lang, expected, title, body] = TEXTS[i % TEXTS.length] as (typeof TEXTS)[number];
      const day = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString();
      const notebookId = i % 5 === 0 ? loose : 1 + (i % options.notebooks);
      const noteId = `gen${i}`;
      note.run(noteId, notebookId, title(i), `<en-note><div>${body}</div><div>${i}</div></en-note>`, day, day, day, lang, randomBytes(16).toString('hex'), now);
      const id = shareId(random);
      const state = i % 50 === 7 ? 'link-only' : i % 50 === 13 ? 'revoked' : 'indexable';
      share.run(id, noteId, state, day, day);
      if (state === 'indexable') {
        site.indexable += 1;
        site.langs.set(id, expected);
      } else if (state === 'link-only') site.linkOnly.push(id);
      else site.revoked.push(id);
    }
  })();
  return site;
}
