// Prepares the e2e database before the server starts: a fresh store (seeded with the demo notes
// on open), the hostile fixture, and a sample of the external ENEX corpus for HTML validation
// (CORPUS_DIR, default ../shared/corpus), or without it our own ENML feature fixtures.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(join(root, 'data', 'e2e'), { recursive: true, force: true });

const corpus = resolve(process.env.CORPUS_DIR ?? join(root, '..', 'shared', 'corpus'), 'enex');
const CORPUS_SAMPLE = ['yarle/test-table.enex', 'yarle/test-checklist.enex', 'yarle/Debug.enex', 'yarle/test-webclip-with-image-in-link-2.enex', 'enml2md/file-name.enex', 'peoples-note/Smileys.enex', 'peoples-note/TODO.enex', 'yarle/test-bracketlinks.enex'];

function notes(...args) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/notes.ts', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`notes ${args.join(' ')} failed`);
}

notes('import', 'e2e/fixtures/hostile.enex', '--notebook', 'E2E fixtures', '--publish', '--indexable');
if (existsSync(corpus)) {
  notes('import', ...CORPUS_SAMPLE.map((f) => join(corpus, f)), '--notebook', 'Corpus sample', '--publish', '--indexable');
} else {
  // Our own file stands in for the sample: the same ENML features, validated the same way.
  console.error(`e2e: corpus sample skipped (no ENEX corpus at ${corpus}; set CORPUS_DIR to a folder holding enex/, see docs/testing.md): importing test/fixtures/enex/enml-features.enex instead`);
  notes('import', 'test/fixtures/enex/enml-features.enex', '--notebook', 'Feature fixtures', '--publish', '--indexable');
}
