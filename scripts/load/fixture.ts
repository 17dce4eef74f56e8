/**
 * The load-test database: a fresh SQLite file with 10,000 indexable notes plus link-only and
 * revoked ones, written through the app's own SqliteNoteWriter (the CLI's import path), so the
 * rows, fingerprints and probed image sizes are what a real import produces.
 */
import { rmSync } from 'node:fs';
import { openDatabase } from '../../lib/notes/adapters/sqlite-note-store';
import { SqliteNoteWriter } from '../../lib/notes/adapters/sqlite/note-writer';
import { notePath } from '../../lib/notes/slug';
import { seeded } from '../../test/seeded-random';
import { generateNote } from './notes';

export interface LoadTargets {
  /** Canonical paths of indexable notes. */
  notes: string[];
  linkOnly: string[];
  /** Paths of revoked shares (answer 410). */
  revoked: string[];
  /** `/r/<shareId>/<hash>` of images in live notes. */
  resources: string[];
  enmlBytes: number;
  resourceBytes: number;
}

export interface FixtureSpec {
  path: string;
  indexable: number;
  linkOnly: number;
  revoked: number;
  seed: number;
}

export function buildLoadDatabase(spec: FixtureSpec): LoadTargets {
  for (const suffix of ['', '-wal', '-shm']) rmSync(spec.path + suffix, { force: true });
  const db = openDatabase(spec.path);
  const writer = new SqliteNoteWriter(db);
  const random = seeded(spec.seed);
  const targets: LoadTargets = { notes: [], linkOnly: [], revoked: [], resources: [], enmlBytes: 0, resourceBytes: 0 };
  const total = spec.indexable + spec.linkOnly + spec.revoked;
  try {
    // One transaction: 10,000 separate commits (each an fsync in WAL mode) would take minutes.
    db.transaction(() => {
      for (let i = 0; i < total; i += 1) {
        const note = generateNote(i, random);
        const { noteId } = writer.importNote(note, `Load notebook ${i % 20}`);
        // Interleaved, so link-only and revoked shares are spread over the sitemap's row ranges.
        const kind = i % 20 === 7 && targets.linkOnly.length < spec.linkOnly ? 'link-only'
          : i % 20 === 13 && targets.revoked.length < spec.revoked ? 'revoked'
          : targets.notes.length < spec.indexable ? 'indexable'
          : targets.linkOnly.length < spec.linkOnly ? 'link-only' : 'revoked';
        const shareId = writer.publish(noteId, { indexable: kind === 'indexable' }) as string;
        const path = notePath(shareId, note.title);
        if (kind === 'revoked') {
          writer.unpublish(noteId);
          targets.revoked.push(path);
          continue;
        }
        (kind === 'indexable' ? targets.notes : targets.linkOnly).push(path);
        targets.resources.push(...note.resources.map((r) => `/r/${shareId}/${r.hash}`));
        targets.enmlBytes += Buffer.byteLength(note.enml);
        targets.resourceBytes += note.resources.reduce((sum, r) => sum + r.data.length, 0);
      }
    })();
  } finally {
    db.close();
  }
  return targets;
}
