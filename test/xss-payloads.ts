import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPath, fixtureEnexDir } from './paths';

/** The repository's own payloads (test/fixtures/xss/payloads.txt): classic vectors, one a line. */
export function ownXssPayloads(): string[] {
  return readFileSync(join(fixtureEnexDir, '..', 'xss', 'payloads.txt'), 'utf8').split('\n').filter((line) => line.trim() !== '');
}

/** Every payload of the XSS corpora beside the repository (DOMPurify's cases and PayloadsAllTheThings); [] without them. */
export function corpusXssPayloads(): string[] {
  const xss = corpusPath('xss');
  if (!xss) return [];
  const list: string[] = [];
  const dompurify = JSON.parse(readFileSync(join(xss, 'dompurify', 'expect.derived.json'), 'utf8')) as Array<{ payload: string }>;
  list.push(...dompurify.map((c) => c.payload));
  const patt = join(xss, 'payloadsallthethings');
  for (const file of readdirSync(patt).filter((f) => f.endsWith('.txt') && !f.startsWith('LICENSE'))) {
    list.push(...readFileSync(join(patt, file), 'utf8').split('\n').filter((line) => line.trim() !== ''));
  }
  return list;
}

/** Our own payloads, plus the corpus's when it is present. */
export function xssPayloads(): string[] {
  return [...ownXssPayloads(), ...corpusXssPayloads()];
}
