/**
 * Publishing CLI over the embedded store: import ENEX, publish, unpublish, list.
 *   npm run notes -- import <file.enex>... [--notebook NAME] [--publish] [--indexable]
 *   npm run notes -- publish <noteId> [--indexable] [--show-author]
 *   npm run notes -- unpublish <noteId>
 *   npm run notes -- update <noteId> <file.enex>      (the note's content becomes the file's first note)
 *   npm run notes -- list [--json]
 *   npm run notes -- publish-notebook <name> [--indexable]
 *   npm run notes -- unpublish-notebook <name>
 *   npm run notes -- notebooks [--json]
 */
import { exitWith, wantsHelp } from './cli-errors';
import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../lib/config';
import { importEnex } from '../lib/enex/import-enex';
import { EnexRefusedError } from '../lib/enex/types';
import { openEmbeddedStore } from '../lib/notes/get-note-store';
import { notebookPath, notePath } from '../lib/notes/slug';
import { getSearchNotifier } from '../lib/seo/get-search-notifier';
import { getUrlPurger } from '../lib/cdn/get-url-purger';
import { readEnex } from '../lib/enex/read-enex';
import type { SqliteNoteStore } from '../lib/notes/adapters/sqlite-note-store';
import type { SqliteNoteWriter } from '../lib/notes/adapters/sqlite/note-writer';
import type { SharedNote } from '../lib/notes/types';
import { affectedUrlsOfAll } from '../lib/share-events/affected-urls';
import { notebookChangeEvent, noteChangeEvent } from '../lib/share-events/describe-change';
import { purgeSite } from '../lib/share-events/get-share-event-deps';
import type { ShareEvent } from '../lib/share-events/share-event';

/**
 * What a change makes wrong in the CDN, from the shares' state before and after it: every change
 * this CLI makes is purged (when TENCENTCLOUD_SECRET_ID/KEY are set) as soon as it is committed.
 * Instances learn of it from the note service's change feed; the CDN only from a purge.
 */
class ChangeRecorder {
  private readonly before = new Map<string, SharedNote | null>();
  private readonly notebooks: ShareEvent[] = [];

  constructor(private readonly store: SqliteNoteStore, private readonly writer: SqliteNoteWriter) {}

  /** Call before the change for every note share it may touch. */
  async note(shareId: string | null): Promise<void> {
    if (shareId && !this.before.has(shareId)) this.before.set(shareId, await this.store.getSharedNote(shareId));
  }

  /** Every live note share of a notebook: its pages link to the notebook. */
  async notebookNotes(name: string): Promise<void> {
    for (const n of this.writer.listNotes()) if (n.notebook === name && n.shareId && n.state !== 'revoked') await this.note(n.shareId);
  }

  async notebook(type: 'notebook.published' | 'notebook.revoked', shareId: string, indexable: boolean): Promise<void> {
    const page = await this.store.getPublicNotebook(shareId, 1, 1);
    // A revoked listing counts no notes; purge as many pages as it had (every note of its notebook at most).
    const count = type === 'notebook.revoked' ? this.before.size : page?.notebook.noteCount ?? 0;
    this.notebooks.push(notebookChangeEvent(type, shareId, count, indexable));
  }

  /** Call after the change (for a new share too: `note(newId)` is not needed before). */
  async events(extra: string[] = []): Promise<ShareEvent[]> {
    const events: ShareEvent[] = [...this.notebooks];
    for (const shareId of new Set([...this.before.keys(), ...extra])) {
      const after = await this.store.getSharedNote(shareId);
      if (!after) continue;
      const before = this.before.get(shareId) ?? null;
      const notebookShareId = after.notebookShareId ?? before?.notebookShareId ?? null;
      const listing = notebookShareId ? await this.store.getPublicNotebook(notebookShareId, 1, 1) : null;
      const count = (listing?.notebook.noteCount ?? 0) + (before?.notebookShareId && !after.notebookShareId ? 1 : 0);
      events.push(noteChangeEvent(before, after, { sitemapSlot: this.writer.sitemapSlot(shareId) ?? undefined, notebookNoteCount: count }));
    }
    return events;
  }
}

/** Purges what `events` made wrong; false (and a message) when the CDN refused or could not be reached. */
async function purgeChanges(events: ShareEvent[], out: (text: string) => void): Promise<boolean> {
  const purger = getUrlPurger(config);
  const urls = affectedUrlsOfAll(events, purgeSite(config));
  const outcome = await purger.purge(urls);
  if (outcome.skipped) return true;
  if (outcome.ok) {
    out(`purged ${outcome.urls} CDN URL(s) (tasks ${outcome.taskIds.join(', ') || 'none'})`);
    return true;
  }
  process.stderr.write(`CDN purge failed for ${outcome.failedUrls} of ${outcome.urls} URL(s): ${outcome.errors.join(', ')}. The change is committed; `
    + `the CDN may serve the old copies until they expire. Run the same command again to purge again.\n`);
  return false;
}

const USAGE = `usage: npm run notes -- <command>
  notes import <file.enex>... [--notebook NAME] [--publish] [--indexable]
  notes publish <noteId> [--indexable] [--show-author]
  notes unpublish <noteId>
  notes update <noteId> <file.enex>
  notes list [--json]
  notes publish-notebook <name> [--indexable]
  notes unpublish-notebook <name>
  notes notebooks [--json]

Over the embedded store (NOTES_DB_PATH, default data/notes.db); links use SITE_URL (default
http://localhost:$PORT). Ids that start with "-" (made by older versions) go after "--":
  npm run notes -- unpublish -- -AbC…`;

function fail(message: string): never {
  return exitWith(message);
}

/** Why `file` cannot be imported, or null: one line instead of EISDIR or ENOENT from the reader. */
function unreadable(file: string): string | null {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return `${file} is a folder: pass the .enex files in it (e.g. ${file}/*.enex)`;
    if (!stat.isFile()) return `${file} is not a regular file`;
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${file} does not exist` : `${file} cannot be read (${code ?? String(error)})`;
  }
}

async function main(): Promise<void> {
  if (wantsHelp()) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      notebook: { type: 'string' },
      publish: { type: 'boolean', default: false },
      indexable: { type: 'boolean', default: false },
      'show-author': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [command, target] = positionals;
  if (!command || !['import', 'publish', 'unpublish', 'update', 'list', 'publish-notebook', 'unpublish-notebook', 'notebooks'].includes(command)) fail(USAGE);
  const { store, writer } = await openEmbeddedStore(config);
  const out = (text: string): boolean => process.stdout.write(`${text}\n`);
  const link = (shareId: string, title: string): string => `${config.siteUrl}${notePath(shareId, title || 'Untitled')}`;
  // Published, updated and revoked indexable pages are announced to search engines (when configured).
  const notifier = getSearchNotifier();
  const announced: string[] = [];

  const changes = new ChangeRecorder(store, writer);
  const changed: string[] = [];

  if (command === 'import') {
    if (positionals.length < 2) fail(USAGE);
    let failedFiles = 0;
    for (const file of positionals.slice(1)) {
      const notebook = values.notebook ?? basename(file, extname(file));
      const problem = unreadable(file);
      if (problem) {
        out(`REFUSED   ${problem}`);
        failedFiles += 1;
        continue;
      }
      let report;
      try {
        report = await importEnex(createReadStream(file), writer, notebook);
      } catch (error) {
        if (!(error instanceof EnexRefusedError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        out(`REFUSED   ${file}: ${(error as Error).message}`);
        failedFiles += 1;
        continue;
      }
      for (const n of report.imported) {
        const shareId = values.publish ? writer.publish(n.noteId, { indexable: values.indexable, showAuthor: values['show-author'] }) : null;
        if (shareId) changed.push(shareId);
        if (shareId && values.indexable) announced.push(link(shareId, n.title));
        out(`imported  ${n.noteId}  ${n.title}${shareId ? `  ${link(shareId, n.title)}` : ''}`);
      }
      for (const n of report.unchanged) out(`unchanged ${n.noteId}  ${n.title} (already imported)`);
      for (const w of report.warnings) out(`warning   note ${w.index}: ${w.message}`);
      for (const f of report.failed) out(`FAILED    note ${f.index}${f.title ? ` "${f.title}"` : ''}: ${f.error}`);
      out(`${file}: ${report.imported.length} imported, ${report.unchanged.length} unchanged, ${report.failed.length} failed into notebook "${notebook}"`);
      if (values.json) out(JSON.stringify(report));
    }
    if (failedFiles > 0) process.exitCode = 1;
  } else if (command === 'publish' || command === 'unpublish') {
    if (!target) fail(USAGE);
    // Link-only shares are never announced, not even when revoked: that would reveal them.
    const listed = writer.listNotes().find((n) => n.noteId === target);
    const wasIndexable = listed?.state === 'indexable';
    if (listed?.state !== 'revoked') await changes.note(listed?.shareId ?? null);
    const shareId = command === 'publish'
      ? writer.publish(target, { indexable: values.indexable, ...(values['show-author'] ? { showAuthor: true } : {}) })
      : writer.unpublish(target);
    if (!shareId) fail(command === 'publish' ? `no note with id ${target}` : `note ${target} has no live share`);
    changed.push(shareId);
    const note = await store.getSharedNote(shareId);
    if (note?.state === 'indexable' || (command === 'unpublish' && wasIndexable)) announced.push(link(shareId, note?.title ?? ''));
    out(`${command === 'publish' ? 'published' : 'revoked'} ${target}  ${note?.state ?? ''}  ${link(shareId, note?.title ?? '')}`);
  } else if (command === 'update') {
    const file = positionals[2];
    if (!target || !file) fail(USAGE);
    const listed = writer.listNotes().find((n) => n.noteId === target);
    if (!listed) fail(`no note with id ${target}`);
    if (listed.state !== 'revoked') await changes.note(listed.shareId);
    let replacement = null;
    for await (const entry of readEnex(createReadStream(file))) {
      if (entry.ok) {
        replacement = entry.note;
        break;
      }
    }
    if (!replacement) fail(`${file} holds no note that could be read`);
    writer.updateNote(target, replacement);
    out(`updated ${target}  ${replacement.title}${listed.shareId && listed.state !== 'revoked' ? `  ${link(listed.shareId, replacement.title)}` : ''}`);
    if (listed.state === 'indexable' && listed.shareId) announced.push(link(listed.shareId, replacement.title));
  } else if (command === 'publish-notebook' || command === 'unpublish-notebook') {
    if (!target) fail(USAGE);
    await changes.notebookNotes(target);
    const shareId = command === 'publish-notebook'
      ? writer.publishNotebook(target, { indexable: values.indexable })
      : writer.unpublishNotebook(target);
    if (!shareId) fail(command === 'publish-notebook' ? `no notebook named "${target}"` : `notebook "${target}" has no live share`);
    await changes.notebook(command === 'publish-notebook' ? 'notebook.published' : 'notebook.revoked', shareId, values.indexable);
    const url = `${config.siteUrl}${notebookPath(shareId)}`;
    if (values.indexable || command === 'unpublish-notebook') announced.push(url);
    out(`${command === 'publish-notebook' ? 'published' : 'revoked'} notebook "${target}"  ${url}`);
  } else if (command === 'notebooks') {
    const notebooks = writer.listNotebooks();
    if (values.json) out(JSON.stringify(notebooks));
    else for (const n of notebooks) out(`${n.state.padEnd(9)}  ${n.shareId ? `${config.siteUrl}${notebookPath(n.shareId)}` : '-'}  ${n.name}`);
  } else {
    const notes = writer.listNotes();
    if (values.json) out(JSON.stringify(notes));
    else for (const n of notes) out(`${n.noteId}  ${n.state.padEnd(9)}  ${n.shareId ?? '-'.padEnd(22)}  ${n.title}`);
  }
  const events = await changes.events(changed);
  if (events.length > 0 && !(await purgeChanges(events, out))) process.exitCode = 1;
  notifier.notify(announced, command === 'unpublish' || command === 'unpublish-notebook' ? 'gone' : 'live');
  if (notifier.isEnabled && announced.length > 0) out(`announcing ${announced.length} URL(s) to search engines…`);
  await notifier.flush();
  store.close();
}

main().catch((error: unknown) => exitWith(error));
