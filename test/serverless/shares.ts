import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../paths';

/** Share ids by title prefix, read through the publishing CLI from the given database. */
export function listShares(dbPath: string): ((titlePrefix: string) => string) & { revoked: string } {
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/notes.ts', 'list', '--json'], {
    cwd: repoRoot,
    env: { ...process.env, NOTES_DB_PATH: dbPath },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  const notes = JSON.parse(result.stdout) as Array<{ title: string; shareId: string | null; state: string }>;
  const byPrefix = (prefix: string): string => {
    const note = notes.find((n) => n.title.startsWith(prefix) && n.shareId && n.state !== 'revoked');
    if (!note?.shareId) throw new Error(`no live share titled "${prefix}…"`);
    return note.shareId;
  };
  return Object.assign(byPrefix, { revoked: notes.find((n) => n.state === 'revoked')?.shareId ?? '' });
}
