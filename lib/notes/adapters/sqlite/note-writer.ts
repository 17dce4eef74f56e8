import { createHash } from 'node:crypto';
import { clipText, TEXT_LIMITS } from '../../text-limits';
import type Database from 'better-sqlite3';
import type { EnexNote } from '../../../enex/types';
import { detectLanguage } from '../../../enml/detect-language';
import { extractText } from '../../../enml/extract-text';
import { parseEnml } from '../../../enml/parse-enml';
import { probeResource } from '../../resource-kind';
import { newNoteId, newShareId } from '../../share-id';
import type { ShareState } from '../../types';
import { indexNote } from './search-index';

/**
 * The note's language is read from its beginning (detectLanguage samples 4,000 characters): a huge
 * note is not parsed whole for it, on import nor on an edit.
 */
const LANGUAGE_SAMPLE_LIMITS = { maxChars: 65_536, maxNodes: 5_000 };

export interface ImportResult {
  status: 'imported' | 'unchanged';
  noteId: string;
}

export interface NoteListing {
  noteId: string;
  title: string;
  notebook: string | null;
  updated: string | null;
  shareId: string | null;
  state: ShareState | 'private';
}

/** SHA-256 over what identifies an exported note (ENEX has no note ids). */
function fingerprint(note: EnexNote, notebook: string): string {
  const hash = createHash('sha256');
  for (const part of [notebook, note.title, note.created ?? '', note.updated ?? '', note.enml, ...note.resources.map((r) => r.hash)]) {
    hash.update(part).update('\u0000');
  }
  return hash.digest('hex');
}

/** Write side of the embedded store, used by the CLI and the demo seed. Each call is one transaction. */
export class SqliteNoteWriter {
  constructor(private readonly db: Database.Database) {}

  importNote(note: EnexNote, notebookName: string, now = new Date()): ImportResult {
    // Notebook names come from a file name or the command line: as bounded as the note service's.
    const notebook = clipText(notebookName, TEXT_LIMITS.notebookName);
    return this.db.transaction((): ImportResult => {
      const print = fingerprint(note, notebook);
      const existing = this.db.prepare<[string], { id: string }>('SELECT id FROM notes WHERE fingerprint = ?').get(print);
      if (existing) return { status: 'unchanged', noteId: existing.id };

      this.db.prepare('INSERT OR IGNORE INTO notebooks (name) VALUES (?)').run(notebook);
      const { id: notebookId } = this.db.prepare<[string], { id: number }>('SELECT id FROM notebooks WHERE name = ?').get(notebook) as { id: number };
      const parsed = parseEnml(note.enml, LANGUAGE_SAMPLE_LIMITS);
      const lang = parsed.lang ?? detectLanguage(`${note.title} ${extractText(parsed.nodes)}`);
      const noteId = newNoteId();
      const importedAt = now.toISOString();
      this.db.prepare(`INSERT INTO notes (id, notebook_id, title, enml, created, updated, sort_time, author, source_url, lang, fingerprint, imported_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        noteId, notebookId, note.title, note.enml, note.created, note.updated,
        note.updated ?? note.created ?? importedAt, note.author, note.sourceUrl, lang, print, importedAt,
      );
      this.writeTagsAndResources(noteId, note);
      indexNote(this.db, noteId);
      return { status: 'imported', noteId };
    })();
  }

  /**
   * Replaces a note's content with `note` (an edit: title, body, dates, tags, resources), keeping
   * its id, notebook and shares; its revision moves, so every page showing it changes version.
   * Null when there is no such note.
   */
  updateNote(noteId: string, note: EnexNote, now = new Date()): string | null {
    return this.db.transaction((): string | null => {
      const existing = this.db.prepare<[string], { name: string | null }>(
        'SELECT b.name FROM notes n LEFT JOIN notebooks b ON b.id = n.notebook_id WHERE n.id = ?').get(noteId);
      if (!existing) return null;
      const parsed = parseEnml(note.enml, LANGUAGE_SAMPLE_LIMITS);
      const lang = parsed.lang ?? detectLanguage(`${note.title} ${extractText(parsed.nodes)}`);
      this.db.prepare(`UPDATE notes SET title = ?, enml = ?, created = ?, updated = ?, sort_time = ?, author = ?, source_url = ?, lang = ?,
        fingerprint = ?, revision = revision + 1, changed_at = ? WHERE id = ?`).run(
        note.title, note.enml, note.created, note.updated, note.updated ?? note.created ?? now.toISOString(), note.author, note.sourceUrl, lang,
        fingerprint(note, `${existing.name ?? ''}\u0000${noteId}`), now.toISOString(), noteId,
      );
      this.db.prepare('DELETE FROM note_tags WHERE note_id = ?').run(noteId);
      this.db.prepare('DELETE FROM note_resources WHERE note_id = ?').run(noteId);
      this.writeTagsAndResources(noteId, note);
      indexNote(this.db, noteId);
      return noteId;
    })();
  }

  private writeTagsAndResources(noteId: string, note: EnexNote): void {
    const tag = this.db.prepare('INSERT OR IGNORE INTO note_tags (note_id, tag, position) VALUES (?, ?, ?)');
    note.tags.forEach((name, position) => tag.run(noteId, name, position));
    const resource = this.db.prepare('INSERT OR IGNORE INTO resources (hash, mime, size, width, height, data) VALUES (?, ?, ?, ?, ?, ?)');
    const link = this.db.prepare('INSERT OR IGNORE INTO note_resources (note_id, hash, file_name, position) VALUES (?, ?, ?, ?)');
    note.resources.forEach((r, position) => {
      const probed = probeResource(r.data, r.mime);
      resource.run(r.hash, probed.mime, r.data.length, probed.width, probed.height, r.data);
      link.run(noteId, r.hash, r.fileName, position);
    });
  }

  /** A share's slot in sitemap order (its shard is slot / shard size), or null. */
  sitemapSlot(shareId: string): number | null {
    return this.db.prepare<[string], { slot: number }>('SELECT rowid - 1 AS slot FROM shares WHERE share_id = ?').get(shareId)?.slot ?? null;
  }

  /**
   * Shares a note (or changes a live share's indexability); returns the share id. `shareId` is for
   * the demo seed only, whose ids are derived so every instance seeding its own copy agrees on them.
   */
  publish(noteId: string, options: { indexable: boolean; showAuthor?: boolean; shareId?: string }, now = new Date()): string | null {
    return this.db.transaction((): string | null => {
      if (!this.db.prepare('SELECT 1 FROM notes WHERE id = ?').get(noteId)) return null;
      const state: ShareState = options.indexable ? 'indexable' : 'link-only';
      const live = this.db.prepare<[string], { share_id: string; show_author: number }>(
        "SELECT share_id, show_author FROM shares WHERE note_id = ? AND state != 'revoked'").get(noteId);
      const showAuthor = (options.showAuthor ?? live?.show_author === 1) ? 1 : 0;
      if (live) {
        this.db.prepare('UPDATE shares SET state = ?, show_author = ?, revision = revision + 1, updated_at = ? WHERE share_id = ?')
          .run(state, showAuthor, now.toISOString(), live.share_id);
        return live.share_id;
      }
      const shareId = options.shareId ?? newShareId();
      this.db.prepare('INSERT INTO shares (share_id, note_id, state, show_author, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(shareId, noteId, state, showAuthor, now.toISOString(), now.toISOString());
      return shareId;
    })();
  }

  /** Revokes the live share: its URL answers 410 from now on. A later publish gets a new share id. */
  unpublish(noteId: string, now = new Date()): string | null {
    const live = this.db.prepare<[string], { share_id: string }>("SELECT share_id FROM shares WHERE note_id = ? AND state != 'revoked'").get(noteId);
    if (!live) return null;
    this.db.prepare("UPDATE shares SET state = 'revoked', revision = revision + 1, updated_at = ? WHERE share_id = ?").run(now.toISOString(), live.share_id);
    return live.share_id;
  }

  /** Shares a notebook as a public listing (or changes a live share's state); returns the share id. `shareId`: as for publish. */
  publishNotebook(notebookName: string, options: { indexable: boolean; shareId?: string }, now = new Date()): string | null {
    const name = clipText(notebookName, TEXT_LIMITS.notebookName);
    return this.db.transaction((): string | null => {
      const notebook = this.db.prepare<[string], { id: number }>('SELECT id FROM notebooks WHERE name = ?').get(name);
      if (!notebook) return null;
      const state: ShareState = options.indexable ? 'indexable' : 'link-only';
      const live = this.db.prepare<[number], { share_id: string }>(
        "SELECT share_id FROM notebook_shares WHERE notebook_id = ? AND state != 'revoked'").get(notebook.id);
      if (live) {
        this.db.prepare('UPDATE notebook_shares SET state = ?, revision = revision + 1, updated_at = ? WHERE share_id = ?')
          .run(state, now.toISOString(), live.share_id);
        return live.share_id;
      }
      const shareId = options.shareId ?? newShareId();
      this.db.prepare('INSERT INTO notebook_shares (share_id, notebook_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(shareId, notebook.id, state, now.toISOString(), now.toISOString());
      return shareId;
    })();
  }

  /** Revokes a notebook's live share: its URL answers 410 from now on. The notes' own shares stay. */
  unpublishNotebook(notebookName: string, now = new Date()): string | null {
    const name = clipText(notebookName, TEXT_LIMITS.notebookName);
    const live = this.db.prepare<[string], { share_id: string }>(`
      SELECT ns.share_id FROM notebook_shares ns JOIN notebooks b ON b.id = ns.notebook_id
      WHERE b.name = ? AND ns.state != 'revoked'`).get(name);
    if (!live) return null;
    this.db.prepare("UPDATE notebook_shares SET state = 'revoked', revision = revision + 1, updated_at = ? WHERE share_id = ?")
      .run(now.toISOString(), live.share_id);
    return live.share_id;
  }

  /** Notebooks with their live share, if any. */
  listNotebooks(): Array<{ name: string; shareId: string | null; state: ShareState | 'private' }> {
    return this.db.prepare<[], { name: string; share_id: string | null; state: ShareState | null }>(`
      SELECT b.name, ns.share_id, ns.state FROM notebooks b
      LEFT JOIN notebook_shares ns ON ns.notebook_id = b.id AND ns.state != 'revoked' ORDER BY b.name`).all()
      .map((r) => ({ name: r.name, shareId: r.share_id, state: r.state ?? 'private' }));
  }

  /** Every note with its live share, or else its most recently revoked one. */
  listNotes(): NoteListing[] {
    return this.db.prepare<[], { id: string; title: string; notebook: string | null; updated: string | null; share_id: string | null; state: ShareState | null }>(`
      SELECT n.id, n.title, b.name AS notebook, n.updated, s.share_id, s.state
      FROM notes n LEFT JOIN notebooks b ON b.id = n.notebook_id
      LEFT JOIN shares s ON s.share_id = (
        SELECT share_id FROM shares WHERE note_id = n.id ORDER BY state = 'revoked', updated_at DESC LIMIT 1)
      ORDER BY n.sort_time DESC, n.id`).all()
      .map((r) => ({ noteId: r.id, title: r.title, notebook: r.notebook, updated: r.updated, shareId: r.share_id, state: r.state ?? 'private' }));
  }

  noteIdsByTitle(title: string): string[] {
    return this.db.prepare<[string], { id: string }>('SELECT id FROM notes WHERE title = ? ORDER BY imported_at, id').all(title).map((r) => r.id);
  }
}
