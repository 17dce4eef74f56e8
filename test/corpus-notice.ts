import { CORPUS_HELP, corpusDir, corpusPath } from './paths';

/**
 * Vitest global setup: says once per run which corpus suites are skipped and how to get the
 * corpus (the skipped tests' titles say it too, but the default reporter only counts them).
 */
export default function corpusNotice(): void {
  const missing = ['enex', 'xss'].filter((sub) => !corpusPath(sub));
  if (missing.length === 0) return;
  process.stderr.write(`\nExternal test corpus not found at ${corpusDir} (${missing.join(', ')}): its suites are reported as skipped; our own fixtures still run. To run them, ${CORPUS_HELP}.\n\n`);
}
