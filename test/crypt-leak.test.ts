import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NotePage } from '@/components/NotePage';
import type { SharedNote } from '@/lib/notes/types';
import { notePageProps } from '@/server/note-page';
import { pick, randomInt, seeded, type Random } from './seeded-random';

/**
 * Encrypted blocks never leak their cipher text, whatever malformed shape they take: the whole
 * note page is rendered (body, meta description, Open Graph, Twitter card, JSON-LD) and must not
 * contain the cipher text. The cipher marker is always placed where cipher text is: after an
 * opening `<en-crypt>` and before its end tag (or with none), or between a block and a stray
 * `</en-crypt>`.
 */
const CIPHER = 'RU5DMAcipherMARKER';

const OPENS = [
  '<en-crypt>', '<EN-CRYPT>', '<en-crypt hint="a>b">', "<en-crypt hint='x\"y>'>", '<en-crypt cipher="AES" length="128" hint="h">',
  '<en-crypt\nhint="x">', '<en-crypt hint="unclosed>', '<En-Crypt hint=a>b>', '<en-crypt/><en-crypt>', '<en-cryptx>',
];
const CLOSES = ['</en-crypt>', '</EN-CRYPT >', '</en-crypt\n>', '</en-crypt', '</en-crypt foo="">', ''];
const NOISE = [
  '<p>', '</p>', '<div>', '</div>', '<b>', 'text ', '<a title="', '"', "'", '>', '<!--', '-->', '<![CDATA[', ']]>', '<br/>',
  '&amp;', '<', '</', '<script>', '</script>', '<en-note>', '</en-note>', '\n', '<textarea>', '<title>', '<span style="x">',
];

const noise = (random: Random): string => Array.from({ length: randomInt(random, 0, 4) }, () => pick(random, NOISE)).join('');

function hostileBody(random: Random): string {
  switch (randomInt(random, 0, 2)) {
    case 0:
      return `${noise(random)}${pick(random, OPENS)}${noise(random)}${CIPHER}${noise(random)}${pick(random, CLOSES)}${noise(random)}`;
    case 1:
      return `${noise(random)}<en-crypt hint="h"/>${noise(random)}${CIPHER}${noise(random)}${pick(random, CLOSES.filter((c) => c !== ''))}${noise(random)}`;
    default:
      return `${noise(random)}${pick(random, OPENS)}A${pick(random, OPENS)}B${pick(random, CLOSES)}${noise(random)}${CIPHER}${pick(random, CLOSES)}${noise(random)}`;
  }
}

function sharedNote(enml: string): SharedNote {
  return {
    shareId: 'cryptLeakTestNote000001', state: 'indexable', title: 'Encrypted', enml, created: '2024-01-01T00:00:00.000Z', updated: null,
    authorName: null, notebook: null, notebookShareId: null, tags: [], lang: 'en', resources: [], version: '1', changedAt: null,
  };
}

async function renderPage(enml: string): Promise<string> {
  const props = await notePageProps(sharedNote(enml));
  return renderToString(createElement(NotePage, props));
}

describe('encrypted blocks', () => {
  it('never leak cipher text from malformed markup (fuzzed, whole page)', async () => {
    const random = seeded(0xc1f3);
    for (let i = 0; i < 400; i += 1) {
      const body = hostileBody(random);
      const html = await renderPage(`<en-note>${body}</en-note>`);
      expect(html, JSON.stringify(body)).not.toContain('cipherMARKER');
    }
  });

  it('a > or quote in the hint does not swallow the rest of the note (the hint is cut at the >)', async () => {
    const html = await renderPage(`<en-note><p>before</p><en-crypt hint='a "b">c'>${CIPHER}</en-crypt><p>after the block</p></en-note>`);
    expect(html).toContain('<p>after the block</p>');
    expect(html).toContain('hint: a &quot;b&quot;<');
    expect(html).not.toContain('cipherMARKER');
  });

  it('keeps the text around a well-formed block', async () => {
    const html = await renderPage(`<en-note><p>one</p><en-crypt cipher="AES" length="128">${CIPHER}</en-crypt><p>two</p><en-crypt>${CIPHER}</en-crypt><p>three</p></en-note>`);
    for (const word of ['one', 'two', 'three']) expect(html).toContain(`<p>${word}</p>`);
    expect(html).not.toContain('cipherMARKER');
  });
});
