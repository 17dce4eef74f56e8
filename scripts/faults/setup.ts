/** Build check and the database for `npm run faults`: the demo notes plus a few never-requested probes. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { notePath } from '../../lib/notes/slug';
import { functionDir, repoRoot, tempDir, tsxCli } from '../bench/procs';

/** What the function package is built from: newer files than dist/server.js mean a rebuild. */
const BUILD_INPUTS = ['pages', 'components', 'lib', 'styles', 'public', 'next.config.js', 'package.json', 'package-lock.json'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Why a build is needed, or null when dist/ is newer than every build input. */
export function staleBuildReason(): string | null {
  const server = join(functionDir, 'server.js');
  if (!existsSync(server)) return 'dist/ is missing';
  const built = statSync(server).mtimeMs;
  const changed = BUILD_INPUTS.find((input) => existsSync(join(repoRoot, input)) && newestMtime(join(repoRoot, input)) > built);
  return changed ? `${changed} changed after the last package` : null;
}

export function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
}

function notesCli(dbPath: string, args: string[]): string {
  const result = spawnSync(process.execPath, [tsxCli, 'scripts/notes.ts', ...args], { cwd: repoRoot, env: { ...process.env, NOTES_DB_PATH: dbPath, NOTES_SEED_DEMO: 'true' }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`notes ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** One ENEX note with a plain body; its title must be unique in the database. */
function enexNote(title: string): string {
  const enml = `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd"><en-note><p>${title}: requested only to time a recovery.</p></en-note>`;
  return `<note><title>${title}</title><content><![CDATA[${enml}]]></content><created>20260101T000000Z</created></note>`;
}

export interface FaultFixture {
  dbPath: string;
  /** Canonical paths of the live demo notes (the load mix). */
  notes: string[];
  revoked: string;
  /** One never-requested note per recovery, so its first 200 must come from the note service. */
  probes: string[];
}

export function prepareDatabase(probeCount: number): FaultFixture {
  const dir = tempDir('notes-faults-');
  const dbPath = join(dir, 'notes.db');
  notesCli(dbPath, ['list']);
  const enex = join(dir, 'probes.enex');
  const titles = Array.from({ length: probeCount }, (_, i) => `Recovery probe ${i + 1}`);
  writeFileSync(enex, `<?xml version="1.0" encoding="UTF-8"?>\n<en-export>${titles.map(enexNote).join('')}</en-export>\n`);
  notesCli(dbPath, ['import', enex, '--notebook', 'fault probes', '--publish']);
  const listed = JSON.parse(notesCli(dbPath, ['list', '--json'])) as Array<{ title: string; shareId: string | null; state: string }>;
  const pathOf = (n: { title: string; shareId: string | null }): string => notePath(n.shareId ?? '', n.title || 'Untitled');
  const live = listed.filter((n) => n.shareId && n.state !== 'revoked');
  const probes = titles.map((title) => live.find((n) => n.title === title));
  if (probes.some((p) => !p)) throw new Error('the probe notes were not published');
  return {
    dbPath,
    notes: live.filter((n) => !titles.includes(n.title)).map(pathOf),
    revoked: pathOf(listed.find((n) => n.state === 'revoked') ?? { title: '', shareId: '' }),
    probes: probes.map((p) => pathOf(p as { title: string; shareId: string })),
  };
}
