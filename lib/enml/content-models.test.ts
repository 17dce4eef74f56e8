import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { enNote, renderToHtml } from '../../test/render-html';

/**
 * Elements that live inside one parent (list items, terms, table parts) placed anywhere, as ENML
 * allows and real notes and web clips do: the rendered HTML keeps HTML's content models (what the
 * Nu checker enforces, and what the browser's parser would otherwise rearrange) and all the text.
 */
const CASES: Array<[name: string, body: string, text: string]> = [
  ['li in a div', '<div><li>x</li></div>', 'x'],
  ['li at the top', '<li>x</li><li>y</li>', 'xy'],
  ['li in a cell', '<table><tr><td><li>x</li></td></tr></table>', 'x'],
  ['li in a span', '<span><li>x</li></span>', 'x'],
  ['li in a paragraph', '<p><li>x</li></p>', 'x'],
  ['checklist item outside a list', '<div><li style="--en-checked:true;">x</li></div>', 'x'],
  ['dt and dd in a div', '<div><dt>t</dt><dd>d</dd></div>', 'td'],
  ['dd alone', '<dd>x</dd>', 'x'],
  ['text and a paragraph in a dl', '<dl>text<p>p</p><dt>t</dt></dl>', 'textpt'],
  ['tr in a div', '<div><tr><td>x</td></tr></div>', 'x'],
  ['td in a div', '<div><td>x</td><td>y</td></div>', 'x y'],
  ['td directly in a table', '<table><td>x</td></table>', 'x'],
  ['td directly in a tbody', '<table><tbody><td>x</td></tbody></table>', 'x'],
  ['text in a table', '<table>text<tr><td>x</td></tr></table>', 'textx'],
  ['a div in a table', '<table><div>d</div><tr><td>x</td></tr></table>', 'dx'],
  ['a div in a row', '<table><tr><div>d</div><td>x</td></tr></table>', 'dx'],
  ['text in a row', '<table><tr>t<td>x</td></tr></table>', 'tx'],
  ['a line break, a checkbox, media and cipher in a table', '<table><br/><en-todo/><en-crypt>QUJD</en-crypt><en-media type="application/pdf" hash="00000000000000000000000000000000"/><tr><td>x</td></tr></table>', 'x'],
  ['formatting around rows and cells', '<table><b><tr><font color="red"><td>x</td></font></tr></b></table>', 'x'],
  ['a caption after the rows', '<table><tr><td>x</td></tr><caption>c</caption></table>', 'cx'],
  ['a caption holding a table', '<table><caption><table><tr><td>x</td></tr></table></caption><tr><td>y</td></tr></table>', 'xy'],
  ['a caption, thead, tbody and tfoot outside a table', '<div><caption>c</caption><thead><tr><td>h</td></tr></thead><tbody><tr><td>b</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></div>', 'ch b f'],
  ['two heads and a foot first (the foot goes last)', '<table><tfoot><tr><td>f</td></tr></tfoot><thead><tr><td>a</td></tr></thead><thead><tr><td>b</td></tr></thead><tr><td>x</td></tr></table>', 'abxf'],
  ['columns after the rows', '<table><tr><td>x</td></tr><colgroup><col/></colgroup><col/></table>', 'x'],
  ['columns outside a table', '<div><col/><colgroup><col/></colgroup>x</div>', 'x'],
  ['a table in a row', '<table><tr><table><tr><td>x</td></tr></table></tr></table>', 'x'],
  ['a row without cells', '<table><tr></tr><tr><td>x</td></tr></table>', 'x'],
  ['a rowspan past its group', '<table><tr><td rowspan="5">x</td></tr><tr><td>y</td></tr></table>', 'xy'],
  ['a checkbox in a link', '<a href="https://example.com/"><en-todo checked="true"/>x</a>', 'x'],
  ['a checklist in a link', '<a href="https://example.com/"><ul style="--en-todo:true;"><li style="--en-checked:false;">x</li></ul></a>', 'x'],
  ['a table, pre and code block in a link', '<a href="https://example.com/"><table><tr><td>x</td></tr></table><pre>p</pre><div style="--en-codeblock:true;"><div>c</div></div></a>', 'xpc'],
  ['lists and tables inside spans', '<span><ul><li><table><tr><td>x</td></tr></table></li></ul><dl><dt>t</dt></dl></span>', 'xt'],
];

/** What HTML requires of the parent (or ancestors) of each context-bound element; [] when all holds. */
function contentModelErrors(html: string): string[] {
  const errors: string[] = [];
  const need: Record<string, string[]> = { li: ['ul', 'ol'], dt: ['dl'], dd: ['dl'], tr: ['table', 'thead', 'tbody', 'tfoot'], td: ['tr'], th: ['tr'], thead: ['table'], tbody: ['table'], tfoot: ['table'], caption: ['table'], colgroup: ['table'] };
  const containers = ['table', 'thead', 'tbody', 'tfoot', 'tr', 'ul', 'ol', 'dl'];
  const walk = (node: AnyNode, ancestors: Element[]): void => {
    const parent = ancestors[ancestors.length - 1];
    if (isText(node)) {
      if (parent && containers.includes(parent.name) && node.data.trim() !== '') errors.push(`text in ${parent.name}`);
      return;
    }
    if (!isTag(node)) return;
    const parentName = parent?.name ?? '#root';
    if (need[node.name] && !need[node.name]?.includes(parentName)) errors.push(`${node.name} in ${parentName}`);
    if (containers.includes(parentName) && !['tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'caption', 'colgroup', 'col', 'li', 'dt', 'dd'].includes(node.name)) errors.push(`${node.name} in ${parentName}`);
    if (node.attribs.role === 'listitem' && !ancestors.some((a) => ['ul', 'ol'].includes(a.name) || a.attribs.role === 'list')) errors.push('listitem outside a list');
    if (ancestors.some((a) => a.name === 'a') && (node.name === 'input' || node.attribs.tabindex !== undefined)) errors.push(`${node.name} focusable in a link`);
    if (node.name === 'table' && ancestors.some((a) => a.name === 'caption')) errors.push('table in caption');
    for (const child of node.children) walk(child, [...ancestors, node]);
  };
  for (const child of parseDocument(html).children) walk(child, []);
  return errors;
}

const textOf = (html: string): string => html.replace(/<[^>]*>/g, '').replace(/[☐☑]/g, '');

describe('content models: context-bound elements stay in their context', () => {
  it.each(CASES)('%s', (_name, body, text) => {
    const html = renderToHtml(enNote(body));
    expect(contentModelErrors(html), html).toEqual([]);
    expect(textOf(html).replace(/\s+/g, ' ').trim(), html).toContain(text);
  });

  it('keeps a well-formed table, list and definition list as they are', () => {
    const html = renderToHtml(enNote('<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td rowspan="2">a</td><td>b</td></tr><tr><td>c</td></tr></tbody></table><ul><li>x</li></ul><dl><dt>t</dt><dd>d</dd></dl>'));
    expect(html).toContain('<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td rowSpan="2">a</td><td>b</td></tr><tr><td>c</td></tr></tbody></table>');
    expect(html).toContain('<ul><li>x</li></ul><dl><dt>t</dt><dd>d</dd></dl>');
  });

  it('cuts a rowspan to the end of its row group', () => {
    expect(renderToHtml(enNote('<table><tr><td rowspan="5">x</td></tr><tr><td>y</td></tr></table>'))).toContain('<td rowSpan="2">x</td>');
  });
});
