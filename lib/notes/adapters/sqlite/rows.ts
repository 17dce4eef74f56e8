import { createHash } from 'node:crypto';
import { withoutForbiddenChars } from '../../text-limits';
import type { NoteSummary, PublicNotebook, ResourceMeta, ShareState, SharedNote } from '../../types';

/** Row shapes as SQLite returns them, and their mapping to domain types. */

export interface ShareRow {
  share_id: string;
  state: ShareState;
  show_author: number;
  share_revision: number;
  note_id: string;
  title: string;
  enml: string;
  created: string | null;
  updated: string | null;
  author: string | null;
  lang: string;
  revision: number;
  notebook: string | null;
  notebook_share_id: string | null;
  changed_at: string | null;
}

export interface ResourceRow {
  hash: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  file_name: string | null;
}

export interface SummaryRow {
  share_id: string;
  title: string;
  updated: string | null;
  sort_time: string;
  notebook: string | null;
  lang: string;
}

export interface NotebookRow {
  share_id: string;
  state: ShareState;
  revision: number;
  updated_at: string;
  notebook_id: number;
  name: string;
  /** NULL only for a notebook no share ever touched. */
  changed_at: string | null;
}

export interface NotebookStatsRow {
  count: number;
  updated: string | null;
  changed: string | null;
  revisions: number;
}

export function toPublicNotebook(row: NotebookRow, stats: NotebookStatsRow): PublicNotebook {
  // Any publish, edit, revoke or re-share inside the notebook moves one of these.
  const version = createHash('sha1')
    .update([row.revision, row.state, stats.count, stats.revisions, stats.changed ?? ''].join('|'))
    .digest('base64url').slice(0, 16);
  return {
    shareId: row.share_id,
    state: row.state,
    name: withoutForbiddenChars(row.name),
    updated: stats.updated ?? row.updated_at,
    noteCount: stats.count,
    changedAt: row.changed_at ?? row.updated_at,
    version,
  };
}

export function toResourceMeta(row: ResourceRow): ResourceMeta {
  return { hash: row.hash, mime: row.mime, size: row.size, width: row.width, height: row.height, fileName: row.file_name === null ? null : withoutForbiddenChars(row.file_name) };
}

export function toSharedNote(row: ShareRow, tags: string[], resources: ResourceRow[]): SharedNote {
  return {
    shareId: row.share_id,
    state: row.state,
    title: withoutForbiddenChars(row.title),
    enml: row.enml,
    created: row.created,
    updated: row.updated,
    authorName: row.show_author === 1 && row.author !== null ? withoutForbiddenChars(row.author) : null,
    notebook: row.notebook === null ? null : withoutForbiddenChars(row.notebook),
    notebookShareId: row.notebook_share_id,
    tags: tags.map(withoutForbiddenChars),
    lang: row.lang,
    resources: resources.map(toResourceMeta),
    version: shareVersionTag(row.revision, row.share_revision, row.notebook_share_id),
    changedAt: row.changed_at,
  };
}

/**
 * A share's version: the note's revision (content), the share's (state, settings) and the notebook
 * listing the page links to (which changes with no revision of either: a notebook re-shared under a
 * new id). Eight characters of the random notebook share id tell its shares apart.
 */
export function shareVersionTag(revision: number, shareRevision: number, notebookShareId: string | null): string {
  return `${revision}.${shareRevision}.${notebookShareId ? notebookShareId.slice(0, 8) : '0'}`;
}

export function toSummary(row: SummaryRow): NoteSummary {
  return { shareId: row.share_id, title: withoutForbiddenChars(row.title), updated: row.updated, notebook: row.notebook === null ? null : withoutForbiddenChars(row.notebook), lang: row.lang };
}

/** Keyset cursor over (sort_time DESC, share_id ASC), opaque to callers. */
export function encodeCursor(row: SummaryRow): string {
  return Buffer.from(JSON.stringify([row.sort_time, row.share_id])).toString('base64url');
}

export function decodeCursor(cursor: string | null): [string, string] | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return [value[0] as string, value[1] as string];
    }
  } catch {
    // Malformed cursors read as "from the start" rather than failing the page.
  }
  return null;
}
