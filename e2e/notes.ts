import { execFileSync } from 'node:child_process';
import { e2eEnv } from '../playwright.config';

export interface ListedNote {
  noteId: string;
  title: string;
  shareId: string | null;
  state: string;
}

let cache: ListedNote[] | null = null;

/** The notes in the e2e database, read through the publishing CLI (the same store the server uses). */
export function listNotes(): ListedNote[] {
  cache ??= JSON.parse(execFileSync('npx', ['tsx', 'scripts/notes.ts', 'list', '--json'], { env: { ...process.env, ...e2eEnv }, encoding: 'utf8' })) as ListedNote[];
  return cache;
}

export function shareIdOf(titlePrefix: string): string {
  const note = listNotes().find((n) => n.title.startsWith(titlePrefix) && n.shareId);
  if (!note?.shareId) throw new Error(`no shared note titled "${titlePrefix}…" in the e2e database`);
  return note.shareId;
}

let notebooks: Array<{ name: string; shareId: string | null; state: string }> | null = null;

/** The share id of a public notebook in the e2e database (the demo shares both of its notebooks). */
export function notebookShareIdOf(name: string): string {
  notebooks ??= JSON.parse(execFileSync('npx', ['tsx', 'scripts/notes.ts', 'notebooks', '--json'], { env: { ...process.env, ...e2eEnv }, encoding: 'utf8' })) as Array<{ name: string; shareId: string | null; state: string }>;
  const notebook = notebooks.find((n) => n.name === name && n.shareId);
  if (!notebook?.shareId) throw new Error(`no shared notebook named "${name}" in the e2e database`);
  return notebook.shareId;
}
