/**
 * Hostile-but-legal ENML: notes an importer accepts (well under Evernote's 5,242,880-character
 * content limit) that are built to make a renderer slow or large. Each generator takes a size `n`
 * (roughly the number of repeated units) and returns a whole `<en-note>` document. Used by the
 * cost suite (lib/enml/cost.test.ts: cost must grow linearly with n) and the bench's worst-case
 * row (scripts/bench/hostile.ts).
 */

const note = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd"><en-note>${body}</en-note>`;

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An Evernote 10 code block, one `<div>` per line (lines longer than `lineChars` are wrapped). */
export function codeBlock(language: string, code: string, lineChars = 120): string {
  const lines: string[] = [];
  for (const line of code.split('\n')) {
    for (let i = 0; i < Math.max(1, line.length); i += lineChars) lines.push(line.slice(i, i + lineChars));
  }
  return `<div style="--en-codeblock:true; --en-syntaxLanguage:${language};">${lines.map((l) => `<div>${l === '' ? '<br/>' : escape(l)}</div>`).join('')}</div>`;
}

export interface HostileCase {
  name: string;
  /** What it attacks, for reports. */
  attacks: string;
  make: (n: number) => string;
  /** n at which one render takes a few milliseconds on a 2-core machine (the suite quadruples it). */
  unit: number;
}

/** Grammars that were quadratic or worse on some input, with the unit that triggers it. */
const CODE_BOMBS: Array<[string, string]> = [
  ['ini', '0'], ['ini', '-'], ['c', 'a '], ['cpp', 'a '], ['arduino', 'x y'], ['csharp', 'x y'],
  ['scss', '-'], ['markdown', '['], ['r', '-'], ['ruby', '-'], ['javascript', '/*'], ['xml', '<a '],
];

export const HOSTILE_CASES: HostileCase[] = [
  { name: 'unclosed <a', attacks: 'tag scanners that rescan for `>`', make: (n) => note('<a'.repeat(n)), unit: 20_000 },
  { name: 'unclosed <a x', attacks: 'tag scanners that rescan for `>`', make: (n) => note('<a x'.repeat(n)), unit: 20_000 },
  { name: 'deep nesting then unclosed tags', attacks: 'the plain-text fallback', make: (n) => note(`${'<div>'.repeat(2100)}${'<b x'.repeat(n)}`), unit: 20_000 },
  { name: 'unclosed quote', attacks: 'attribute scanning', make: (n) => note(`<p title="${'x'.repeat(n)}`), unit: 25_000 },
  { name: 'unclosed comments', attacks: 'comment scanning', make: (n) => note('<!--x'.repeat(n)), unit: 5000 },
  { name: 'self-closed en-crypt', attacks: 'cipher blanking', make: (n) => note('<en-crypt/>'.repeat(n)), unit: 1250 },
  { name: 'unclosed en-crypt', attacks: 'cipher blanking', make: (n) => note('<en-crypt>QUJD'.repeat(n)), unit: 5000 },
  { name: 'en-crypt with > in hints', attacks: 'cipher blanking', make: (n) => note('<p>a<en-crypt hint="x>y">QUJD</en-crypt></p>'.repeat(n)), unit: 500 },
  { name: 'deep nesting', attacks: 'the parser stack and recursive renderers', make: (n) => note(`${'<div>'.repeat(n)}x${'</div>'.repeat(n)}`), unit: 250 },
  { name: 'wide nesting of spans', attacks: 'phrasing/flow rewriting', make: (n) => note(`${'<span><div>'.repeat(60)}${'<b>x</b>'.repeat(n)}`), unit: 1250 },
  { name: 'huge table', attacks: 'table wrapping and tbody insertion', make: (n) => note(`<table>${'<tr><td>a</td><td>b</td></tr>'.repeat(n)}</table>`), unit: 500 },
  { name: 'huge list', attacks: 'list item rewriting', make: (n) => note(`<ul>${'<li>a</li><div>loose</div>'.repeat(n)}</ul>`), unit: 500 },
  { name: 'checklist flood', attacks: 'todo labels', make: (n) => note('<div><en-todo checked="true"/>done</div>'.repeat(n)), unit: 500 },
  { name: 'loose definition flood', attacks: 'content models (definition lists gathered around other content)', make: (n) => note('<dt>a</dt><p>x</p><td>c</td>'.repeat(n)), unit: 500 },
  { name: 'heading flood', attacks: 'heading anchors and the outline', make: (n) => note('<h2>Same heading</h2><p>x</p>'.repeat(n)), unit: 500 },
  { name: 'br flood', attacks: 'node count', make: (n) => note('<br/>'.repeat(n)), unit: 2500 },
  { name: 'entity flood', attacks: 'escaping and size accounting', make: (n) => note(`<p>${'&lt;&amp;&quot;'.repeat(n)}</p>`), unit: 5000 },
  { name: 'giant style attribute', attacks: 'style parsing', make: (n) => note(`<p style="color:red;${' '.repeat(n)}x:y !important">a</p>`), unit: 25_000 },
  { name: 'giant href', attacks: 'URL checks', make: (n) => note(`<a href="https://example.com/${'a'.repeat(n)}">x</a>`), unit: 25_000 },
  { name: 'giant title attributes', attacks: 'attribute copying', make: (n) => note(`<p title="${'t'.repeat(n)}">a</p>`.repeat(10)), unit: 2500 },
  { name: 'CJK flood', attacks: 'width counting, descriptions, reading time', make: (n) => note(`<p>${'中文字符'.repeat(n)}</p>`), unit: 5000 },
  { name: 'missing media', attacks: 'resource lookups', make: (n) => note('<en-media type="image/png" hash="0123456789abcdef0123456789abcdef"/>'.repeat(n)), unit: 500 },
  { name: 'newlines in code', attacks: 'code block trimming', make: (n) => note(`<div style="--en-codeblock:true">${'<div><br/></div>'.repeat(n)}<div>x</div></div>`), unit: 500 },
  { name: 'blank lines inside code', attacks: 'code block trimming (inner runs of line breaks)', make: (n) => note(`<div style="--en-codeblock:true"><div>a</div>${'<div><br/></div>'.repeat(n)}<div>b</div></div>`), unit: 5000 },
  { name: 'one long line of code', attacks: 'cutting code into highlight pieces', make: (n) => note(codeBlock('javascript', 'a'.repeat(n), 10_000_000)), unit: 50_000 },
  ...CODE_BOMBS.map(([language, unit]): HostileCase => ({
    name: `code bomb: ${language} ${JSON.stringify(unit)}`,
    attacks: 'highlight.js grammars',
    make: (n) => note(codeBlock(language, unit.repeat(n), 1_000_000)),
    unit: Math.round(1_000 / unit.length),
  })),
];

/** The largest size of a case that stays within Evernote's content limit. */
export function maxSizeWithinLimit(hostile: HostileCase, limitChars = 5_242_880): number {
  const perUnit = hostile.make(2 * hostile.unit).length - hostile.make(hostile.unit).length;
  const fixed = hostile.make(hostile.unit).length - perUnit;
  return Math.max(hostile.unit, Math.floor((limitChars - fixed) / Math.max(1, perUnit / hostile.unit)));
}
