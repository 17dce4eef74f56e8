import { createReadStream } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../test/memory-store';
import { corpusPath, corpusSuiteTitle } from '../../test/paths';
import { renderToHtml } from '../../test/render-html';
import { importEnex, type ImportReport } from './import-enex';
import { listEnexFiles } from './list-enex-files';
import { EnexRefusedError } from './types';
import { loadHighlighter } from '../enml/highlight';

// Rendered as the note page renders them: with the highlighter loaded (the page loads it for notes with code).
beforeAll(() => loadHighlighter());

/** Files in the corpus that are broken on purpose, and the note-level error each must produce. */
const EXPECTED_FAILURES: Record<string, RegExp> = {
  'evernote2md/cdata.issue.enex': /malformed XML/,
  'yarle/test.enex': /malformed XML/,
};

const enexDir = corpusPath('enex');

// Without the corpus, lib/enex/fixtures.test.ts covers the same ENML features with our own file.
describe.skipIf(!enexDir)(corpusSuiteTitle('ENEX corpus: every file imports and every imported note renders', 'enex'), () => {
  const dir = enexDir ?? '';
  const files = enexDir ? listEnexFiles(enexDir) : [];
  const { store, writer } = memoryStore();
  const reports = new Map<string, ImportReport>();

  it.each(files.map((f) => [relative(dir, f)]))('%s', async (name) => {
    let report: ImportReport;
    try {
      report = await importEnex(createReadStream(join(dir, name)), writer, name);
    } catch (error) {
      expect(error).toBeInstanceOf(EnexRefusedError);
      throw new Error(`${name} was refused as a whole: ${(error as Error).message}`, { cause: error });
    }
    reports.set(name, report);
    const expected = EXPECTED_FAILURES[name];
    if (expected) {
      expect(report.failed.length).toBeGreaterThan(0);
      for (const failure of report.failed) expect(failure.error).toMatch(expected);
    } else {
      expect(report.failed).toEqual([]);
    }
    for (const { noteId } of report.imported) {
      const shareId = writer.publish(noteId, { indexable: true }) as string;
      const note = await store.getSharedNote(shareId);
      const resources = Object.fromEntries((note?.resources ?? []).map((r) => [r.hash, { url: `/r/${shareId}/${r.hash}`, mime: r.mime, size: r.size, fileName: r.fileName ?? r.hash, width: r.width, height: r.height, isImage: r.width !== null }]));
      const html = renderToHtml(note?.enml ?? '', resources);
      expect(html).not.toMatch(/<script|\son\w+=|javascript:/i);
    }
  });

  it('yields the counts recorded in the README', () => {
    const totals = { files: reports.size, notes: 0, failed: 0, resources: 0 };
    for (const r of reports.values()) {
      totals.notes += r.imported.length;
      totals.failed += r.failed.length;
      totals.resources += r.imported.reduce((sum, n) => sum + n.resources, 0);
    }
    expect(totals).toEqual({ files: 70, notes: 90, failed: 2, resources: 92 });
  });
});
