import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listEnexFiles } from '@/lib/enex/list-enex-files';
import { readEnex } from '@/lib/enex/read-enex';
import { EnexRefusedError } from '@/lib/enex/types';
import { corpusPath, fixtureEnexDir, repoRoot } from '@/test/paths';
import { HOSTILE_CASES } from '@/test/hostile-enml';
import { parseEnml } from './parse-enml';

async function enexNotes(dir: string | null): Promise<Array<{ name: string; enml: string }>> {
  if (!dir) return [];
  const out: Array<{ name: string; enml: string }> = [];
  for (const file of listEnexFiles(dir)) {
    try {
      for await (const entry of readEnex(createReadStream(file))) if (entry.ok) out.push({ name: `${file}: ${entry.note.title}`, enml: entry.note.enml });
    } catch (error) {
      if (!(error instanceof EnexRefusedError)) throw error;
    }
  }
  return out;
}

describe('parseEnml in steps (large elements convert their children first)', () => {
  let samples: Array<{ name: string; enml: string }> = [];
  beforeAll(async () => {
    samples = [
      ...(await enexNotes(join(repoRoot, 'demo', 'enex'))),
      ...(await enexNotes(fixtureEnexDir)),
      ...HOSTILE_CASES.map((hostile) => ({ name: hostile.name, enml: hostile.make(hostile.unit) })),
      { name: 'links, phrasing and tables around large content', enml: `<en-note><a href="https://example.com/">${'<div>x <a href="https://example.org/">y</a></div>'.repeat(4)}</a><span>${'<div><p>z</p><table><tr><td>c</td></tr></table></div>'.repeat(3)}</span><table>${'<tr><td><img src="data:image/png;base64,iVBORw0KGgo="/></td></tr>'.repeat(4)}</table></en-note>` },
      // Items that are checklist items only because their list says so (the list marks itself before its items convert).
      { name: 'a checklist whose items carry no flag', enml: `<en-note><div><ul style="--en-todo:true">${'<li>a <b>b</b></li>'.repeat(5)}</ul></div></en-note>` },
      ...(await enexNotes(corpusPath('enex'))),
    ];
  });

  it('gives every note (demo, fixtures, hostile, corpus when present) the tree of a parse in one call', () => {
    expect(samples.length).toBeGreaterThan(HOSTILE_CASES.length + 2);
    for (const sample of samples) {
      const inOneCall = parseEnml(sample.enml, { syncNodes: Infinity });
      expect(parseEnml(sample.enml, { syncNodes: 0 }), sample.name).toEqual(inOneCall);
      expect(parseEnml(sample.enml, { syncNodes: 3 }), sample.name).toEqual(inOneCall);
    }
  });
});
