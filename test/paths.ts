import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Test data we did not write lives beside the repository (`../shared/corpus`); CORPUS_DIR
 * overrides it. The suites that read it run when it is there and are reported as skipped, with
 * CORPUS_HELP, when it is not; the repository's own fixtures (test/fixtures/enex, test/fixtures/xss)
 * cover the same ENML features, so the default suite still guards them. CI runs with the corpus.
 */
export const repoRoot = resolve(__dirname, '..');
export const corpusDir = resolve(process.env.CORPUS_DIR ?? join(repoRoot, '..', 'shared', 'corpus'));

/** How to get the external corpus, for skip messages. */
export const CORPUS_HELP = `set CORPUS_DIR to a folder holding enex/ (ENEX files from the test data of yarle, evernote2md, enml2md and peoples-note) and xss/ (DOMPurify's expect.derived.json, PayloadsAllTheThings' XSS lists); see docs/testing.md`;

/** The corpus folder `sub`, or null when it is absent. */
export function corpusPath(sub: string): string | null {
  const dir = join(corpusDir, sub);
  return existsSync(dir) ? dir : null;
}

/** A describe() title that says why the suite is skipped when the corpus folder is absent. */
export function corpusSuiteTitle(title: string, sub: string): string {
  return corpusPath(sub) ? title : `${title} [skipped: no corpus at ${join(corpusDir, sub)}; ${CORPUS_HELP}]`;
}

export function requireCorpus(sub: string): string {
  const dir = corpusPath(sub);
  if (!dir) throw new Error(`test corpus not found at ${join(corpusDir, sub)} (${CORPUS_HELP})`);
  return dir;
}

/** The repository's own ENEX fixtures (always present). */
export const fixtureEnexDir = join(repoRoot, 'test', 'fixtures', 'enex');
