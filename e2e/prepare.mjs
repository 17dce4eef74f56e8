// Prepares the e2e database before the server starts: a fresh store (seeded with the demo notes
// on open), the hostile fixture, and a sample of the shared ENEX corpus for HTML validation.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(join(root, 'data', 'e2e'), { recursive: true, force: true });

const corpus = resolve(process.env.CORPUS_DIR ?? join(root, '..', 'shared', 'corpus'), 'enex');
const CORPUS_SAMPLE = ['yarle/test-table.enex', 'yarle/test-checklist.enex', 'yarle/Debug.enex', 'yarle/test-webclip-with-image-in-link-2.enex', 'enml2md/file-name.enex', 'peoples-note/Smileys.enex', 'peoples-note/TODO.enex', 'yarle/test-bracketlinks.enex'];
if (!existsSync(corpus)) throw new Error(`ENEX corpus not found at ${corpus} (set CORPUS_DIR)`);

function notes(...args) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/notes.ts', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`notes ${args.join(' ')} failed`);
}

notes('import', 'e2e/fixtures/hostile.enex', '--notebook', 'E2E fixtures', '--publish', '--indexable');
notes('import', ...CORPUS_SAMPLE.map((f) => join(corpus, f)), '--notebook', 'Corpus sample', '--publish', '--indexable');
