import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../test/memory-store';
import { fixtureEnexDir } from '../../test/paths';
import { renderToHtml } from '../../test/render-html';
import { loadHighlighter } from '../enml/highlight';
import { importEnex, type ImportReport } from './import-enex';

/**
 * The repository's own ENEX file (test/fixtures/enex/enml-features.enex): one note per ENML
 * feature the external corpus exercises, so a clone without that corpus still guards them. Each
 * note is imported, published and rendered as the note page renders it.
 */
beforeAll(() => loadHighlighter());

const { store, writer } = memoryStore();
let report: ImportReport;
const html = new Map<string, string>();

beforeAll(async () => {
  report = await importEnex(createReadStream(join(fixtureEnexDir, 'enml-features.enex')), writer, 'fixtures');
  for (const { noteId, title } of report.imported) {
    const shareId = writer.publish(noteId, { indexable: true }) as string;
    const note = await store.getSharedNote(shareId);
    const resources = Object.fromEntries((note?.resources ?? []).map((r) => [r.hash, { url: `/r/${shareId}/${r.hash}`, mime: r.mime, size: r.size, fileName: r.fileName ?? r.hash, width: r.width, height: r.height, isImage: r.width !== null }]));
    html.set(title, renderToHtml(note?.enml ?? '', resources));
  }
});

describe('own ENEX fixtures: every ENML feature imports and renders', () => {
  it('imports every note but the one broken on purpose, which fails alone with a per-note error', () => {
    expect(report.imported.map((n) => n.title)).toEqual(['Images and attachments', 'Checklists', 'Tables', 'Code blocks', 'Encrypted block', 'Nested lists', '中文笔记：读书与写作', 'Links', 'Malformed markup', '', 'After the broken note']);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.title).toBe('Broken on purpose');
    expect(report.failed[0]?.error).toMatch(/malformed XML/);
    expect(report.imported.reduce((sum, n) => sum + n.resources, 0)).toBe(2);
  });

  const FEATURES: Array<[string, RegExp[], RegExp[]]> = [
    ['Images and attachments', [/<img[^>]*src="\/r\/[^"]+"[^>]*width="4"[^>]*height="3"|<img[^>]*height="3"[^>]*width="4"/, /href="\/r\/[^"]+"[^>]*download|download[^>]*href="\/r\//, /minutes\.pdf/, /href="https:\/\/images\.example\.com\/remote\.png"/], [/<img[^>]*src="https:\/\/images\.example\.com/]],
    ['Checklists', [/<input[^>]*type="checkbox"[^>]*checked[^>]*>[\s\S]*Legacy item done/, /Legacy item open/, /Evernote 10 item done/], [/<input(?![^>]*disabled)[^>]*>/]],
    ['Tables', [/<table[\s\S]*<td[^>]*>[\s\S]*Month/, /二月/], []],
    ['Code blocks', [/<pre[^>]*><code[^>]*>[\s\S]*answer/, /&lt;ok&gt;/, /SELECT id FROM notes/, /plain &lt;pre&gt; block/], []],
    ['Encrypted block', [/Visible before\./, /Visible after\./], [/RU5DMEFF/, /<en-crypt/i]],
    ['Nested lists', [/<ul[\s\S]*<ol[\s\S]*<ul[\s\S]*Level 4/, /List directly inside a list/, /<ol[^>]*start="3"/], []],
    ['中文笔记：读书与写作', [/第一章/, /「引号」《书名》/, /한국어/], []],
    ['Links', [/href="https:\/\/example\.com\/path\?a=1&amp;b=2"/, /href="mailto:someone@example\.com"/, /href="tel:\+861012345678"/], [/javascript:/i, /href="evernote:/]],
    ['Malformed markup', [/line two/, /Stray closers above &amp; entities/, /Div inside a paragraph/, /text of an unknown element/], [/<unknown-element/, /<font/]],
  ];

  it.each(FEATURES)('%s', (title, present, absent) => {
    const page = html.get(title) ?? '';
    expect(page).not.toBe('');
    for (const pattern of present) expect(page).toMatch(pattern);
    for (const pattern of absent) expect(page).not.toMatch(pattern);
    expect(page).not.toMatch(/<script|\son\w+=/i);
  });
});
