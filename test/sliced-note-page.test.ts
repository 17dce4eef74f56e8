import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEnex } from '@/lib/enex/read-enex';
import { loadHighlighter } from '@/lib/enml/highlight';
import { renderGateState } from '@/lib/http/render-gate';
import type { SharedNote } from '@/lib/notes/types';
import { notePageParts, notePageProps, renderNotePageParts } from '@/server/note-page';
import { codeBlock, HOSTILE_CASES } from './hostile-enml';
import { repoRoot } from './paths';

/**
 * The note page renders in slices (lib/enml/steps.ts): the bytes are those of the one-call render,
 * and the event loop gets turns while a large note renders. Deterministic: slices of 0 ms pause at
 * every pause point, so "a timer fires during the render" does not depend on the machine's speed.
 */
function sharedNote(enml: string, title = 'Sliced'): SharedNote {
  return {
    shareId: 'slicedPageTestNote00001', state: 'indexable', title, enml, created: '2024-01-01T00:00:00.000Z', updated: null,
    authorName: null, notebook: null, notebookShareId: null, tags: [], lang: 'en', resources: [], version: '1', changedAt: null,
  };
}

const enNote = (body: string): string => `<en-note>${body}</en-note>`;

/** A large note of every kind of content: paragraphs, headings, lists, a table, code (highlighted and not). */
const LARGE = enNote([
  '<h1>Start</h1>',
  '<p>Text with <b>bold</b>, <a href="https://example.com/">a link</a> &amp; entities.</p>'.repeat(400),
  '<ul>', '<li>item <i>x</i></li>'.repeat(300), '</ul>',
  '<table>', '<tr><td>a</td><td>b</td></tr>'.repeat(300), '</table>',
  codeBlock('javascript', 'const a = 1; // comment\n'.repeat(300)),
  codeBlock('no-such-language', '<plain> & text\n'.repeat(200)),
  '<h2>End</h2><div><en-todo checked="true"/>done</div>',
].join(''));

async function demoNotes(): Promise<SharedNote[]> {
  const notes: SharedNote[] = [];
  for (const file of ['en.enex', 'zh-CN.enex']) {
    for await (const entry of readEnex(createReadStream(join(repoRoot, 'demo', 'enex', file)))) {
      if (entry.ok) notes.push({ ...sharedNote(entry.note.enml, entry.note.title), lang: file.startsWith('zh') ? 'zh-CN' : 'en' });
    }
  }
  return notes;
}

describe('note pages rendered in slices', () => {
  let notes: SharedNote[] = [];
  beforeAll(async () => {
    await loadHighlighter();
    notes = [
      ...(await demoNotes()),
      sharedNote(LARGE),
      ...HOSTILE_CASES.map((hostile) => sharedNote(enNote(hostile.make(hostile.unit)), hostile.name)),
    ];
  });

  it('are byte for byte the page rendered in one call (demo notes, a large note, the hostile notes)', async () => {
    expect(notes.length).toBeGreaterThan(HOSTILE_CASES.length + 2);
    for (const note of notes) {
      const expected = notePageParts(await notePageProps(note));
      expect(await renderNotePageParts(note, 0), note.title).toEqual(expected);
    }
  });

  it('open <html> as React writes it, whatever the language tag holds', async () => {
    const props = await notePageProps(notes[0] as SharedNote);
    for (const lang of ['en', 'zh-CN', 'x"><script>&\'']) {
      const react = renderToStaticMarkup(createElement('html', { lang }));
      expect(notePageParts({ ...props, lang })[0]).toBe(react.slice(0, react.indexOf('<head>')));
    }
  });

  it('are the same bytes in slices of the default length', async () => {
    for (const note of notes) expect(await renderNotePageParts(note), note.title).toEqual(notePageParts(await notePageProps(note)));
  });

  it('let a timer scheduled before the render run before the render ends', async () => {
    const events: string[] = [];
    setTimeout(() => events.push('timer'), 0);
    setImmediate(() => events.push('immediate'));
    let turns = 0;
    let rendering = true;
    const count = (): void => {
      turns += 1;
      if (rendering) setImmediate(count);
    };
    setImmediate(count);
    const parts = renderNotePageParts(sharedNote(LARGE), 0).then((result) => {
      events.push('rendered');
      rendering = false;
      return result;
    });
    await parts;
    // (A timeout of 0 and an immediate may run in either order; both run before the render ends.)
    expect(events.toSorted()).toEqual(['immediate', 'rendered', 'timer']);
    expect(events.at(-1)).toBe('rendered');
    // The loop turned many times while the note rendered: its parse, highlighting and markup all pause.
    expect(turns).toBeGreaterThan(20);
  });

  it('release their share of the render budget, also when a render fails', async () => {
    await Promise.all([renderNotePageParts(sharedNote(LARGE), 0), renderNotePageParts(sharedNote(LARGE), 0)]);
    await expect(renderNotePageParts({ ...sharedNote(LARGE), resources: null as unknown as [] }, 0)).rejects.toThrow();
    expect(renderGateState()).toEqual({ running: 0, waiting: 0, chars: 0 });
  });
});
