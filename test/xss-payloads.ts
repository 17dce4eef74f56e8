import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireCorpus } from './paths';

/** Every payload of the XSS corpora beside the repository (DOMPurify's cases and PayloadsAllTheThings). */
export function xssPayloads(): string[] {
  const xss = requireCorpus('xss');
  const list: string[] = [];
  const dompurify = JSON.parse(readFileSync(join(xss, 'dompurify', 'expect.derived.json'), 'utf8')) as Array<{ payload: string }>;
  list.push(...dompurify.map((c) => c.payload));
  const patt = join(xss, 'payloadsallthethings');
  for (const file of readdirSync(patt).filter((f) => f.endsWith('.txt') && !f.startsWith('LICENSE'))) {
    list.push(...readFileSync(join(patt, file), 'utf8').split('\n').filter((line) => line.trim() !== ''));
  }
  return list;
}
