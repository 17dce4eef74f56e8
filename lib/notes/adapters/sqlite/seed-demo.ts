import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { readEnex } from '../../../enex/read-enex';
import type { EnexNote } from '../../../enex/types';
import type { ShareState } from '../../types';
import { derivedShareId } from '../../share-id';
import { SqliteNoteWriter } from './note-writer';

interface DemoManifest {
  notebooks: Array<{ file: string; notebook: string }>;
  shares: Array<{ title: string; state: ShareState; showAuthor?: boolean }>;
  notebookShares?: Array<{ notebook: string; state: 'indexable' | 'link-only' }>;
}

const SEEDED_KEY = 'demo_seeded_at';

function readManifest(demoDir: string): DemoManifest {
  const manifest = JSON.parse(readFileSync(join(demoDir, 'manifest.json'), 'utf8')) as DemoManifest;
  if (!Array.isArray(manifest.notebooks) || !Array.isArray(manifest.shares)) {
    throw new Error(`${join(demoDir, 'manifest.json')}: expected "notebooks" and "shares" arrays`);
  }
  return manifest;
}

/**
 * Imports and publishes the demo notes into a new, empty database (never into one that already
 * holds notes, so pointing the app at a real database cannot mix demo notes into it). Parsing happens first (async, streamed);
 * the writes then run in one transaction guarded by a marker row, so concurrent first starts seed
 * exactly once and a failed seed leaves nothing behind.
 */
export async function seedDemo(db: Database.Database, demoDir: string): Promise<boolean> {
  const isEmpty = (): boolean => !db.prepare('SELECT 1 FROM meta WHERE key = ?').get(SEEDED_KEY) && !db.prepare('SELECT 1 FROM notes LIMIT 1').get();
  if (!isEmpty()) return false;
  const manifest = readManifest(demoDir);
  const batches: Array<{ notebook: string; notes: EnexNote[] }> = [];
  for (const { file, notebook } of manifest.notebooks) {
    const notes: EnexNote[] = [];
    for await (const entry of readEnex(createReadStream(join(demoDir, file)))) {
      if (!entry.ok) throw new Error(`demo note ${entry.index} in ${file} is broken: ${entry.error}`);
      notes.push(entry.note);
    }
    batches.push({ notebook, notes });
  }
  const writer = new SqliteNoteWriter(db);
  return db.transaction((): boolean => {
    if (!isEmpty()) return false;
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(SEEDED_KEY, new Date().toISOString());
    // Where each note stands in the demo files: the seed of its derived share id.
    const placeOf = new Map<string, string>();
    for (const { notebook, notes } of batches) {
      for (const [n, note] of notes.entries()) placeOf.set(writer.importNote(note, notebook).noteId, `${notebook} ${n}`);
    }
    // Derived share ids: every instance of a demo deployment seeds its own database, and a link
    // one instance hands out must open on the next.
    for (const share of manifest.shares) {
      for (const noteId of writer.noteIdsByTitle(share.title)) {
        const shareId = derivedShareId(`demo note ${placeOf.get(noteId) ?? noteId}`);
        writer.publish(noteId, { indexable: share.state === 'indexable', showAuthor: share.showAuthor === true, shareId });
        if (share.state === 'revoked') writer.unpublish(noteId);
      }
    }
    for (const share of manifest.notebookShares ?? []) {
      writer.publishNotebook(share.notebook, { indexable: share.state === 'indexable', shareId: derivedShareId(`demo notebook ${share.notebook}`) });
    }
    return true;
  }).immediate();
}
