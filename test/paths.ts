import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Test data we did not write lives beside the repository (`../shared/corpus`); CORPUS_DIR
 * overrides it. Missing data fails loudly: a corpus test that silently skips proves nothing.
 */
export const repoRoot = resolve(__dirname, '..');
export const corpusDir = resolve(process.env.CORPUS_DIR ?? join(repoRoot, '..', 'shared', 'corpus'));

export function requireCorpus(sub: string): string {
  const dir = join(corpusDir, sub);
  if (!existsSync(dir)) throw new Error(`test corpus not found at ${dir} (set CORPUS_DIR)`);
  return dir;
}
