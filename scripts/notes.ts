/**
 * Publishing CLI over the embedded store: import ENEX, publish, unpublish, list.
 *   npm run notes -- import <file.enex>... [--notebook NAME] [--publish] [--indexable]
 *   npm run notes -- publish <noteId> [--indexable] [--show-author]
 *   npm run notes -- unpublish <noteId>
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

const USAGE = `usage: npm run notes -- <command>
  notes import <file.enex>... [--notebook NAME] [--publish] [--indexable]
  notes publish <noteId> [--indexable] [--show-author]
  notes unpublish <noteId>
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
  if (!command || !['import', 'publish', 'unpublish', 'list', 'publish-notebook', 'unpublish-notebook', 'notebooks'].includes(command)) fail(USAGE);
  const { store, writer } = await openEmbeddedStore(config);
  const out = (text: string): boolean => process.stdout.write(`${text}\n`);
  const link = (shareId: string, title: string): string => `${config.siteUrl}${notePath(shareId, title || 'Untitled')}`;
  // Published, updated and revoked indexable pages are announced to search engines (when configured).
  const notifier = getSearchNotifier();
  const announced: string[] = [];

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
    const wasIndexable = writer.listNotes().find((n) => n.noteId === target)?.state === 'indexable';
    const shareId = command === 'publish'
      ? writer.publish(target, { indexable: values.indexable, ...(values['show-author'] ? { showAuthor: true } : {}) })
      : writer.unpublish(target);
    if (!shareId) fail(command === 'publish' ? `no note with id ${target}` : `note ${target} has no live share`);
    const note = await store.getSharedNote(shareId);
    if (note?.state === 'indexable' || (command === 'unpublish' && wasIndexable)) announced.push(link(shareId, note?.title ?? ''));
    out(`${command === 'publish' ? 'published' : 'revoked'} ${target}  ${note?.state ?? ''}  ${link(shareId, note?.title ?? '')}`);
  } else if (command === 'publish-notebook' || command === 'unpublish-notebook') {
    if (!target) fail(USAGE);
    const shareId = command === 'publish-notebook'
      ? writer.publishNotebook(target, { indexable: values.indexable })
      : writer.unpublishNotebook(target);
    if (!shareId) fail(command === 'publish-notebook' ? `no notebook named "${target}"` : `notebook "${target}" has no live share`);
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
  notifier.notify(announced, command === 'unpublish' || command === 'unpublish-notebook' ? 'gone' : 'live');
  if (notifier.isEnabled && announced.length > 0) out(`announcing ${announced.length} URL(s) to search engines…`);
  await notifier.flush();
  store.close();
}

main().catch((error: unknown) => exitWith(error));
