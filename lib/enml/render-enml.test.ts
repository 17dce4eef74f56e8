import { beforeAll, describe, expect, it } from 'vitest';
import { enNote, renderToHtml } from '../../test/render-html';
import type { ResolvedResource } from './render-enml';
import { loadHighlighter } from './highlight';

// Rendered as the note page renders them: with the highlighter loaded (the page loads it for notes with code).
beforeAll(() => loadHighlighter());

const PNG: ResolvedResource = { url: '/r/s/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', mime: 'image/png', size: 2048, fileName: 'lake.png', width: 640, height: 360, isImage: true };
const PDF: ResolvedResource = { url: '/r/s/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', mime: 'application/pdf', size: 5300, fileName: '报价单.pdf', width: null, height: null, isImage: false };
const RESOURCES = { ['a'.repeat(32)]: PNG, ['b'.repeat(32)]: PDF };

describe('renderEnml: one row per element kind', () => {
  const cases: Array<[name: string, body: string, expected: string[], absent?: string[]]> = [
    ['paragraph and inline marks', '<p><b>bold</b> <i>it</i> <u>u</u> <s>gone</s> <sub>2</sub></p>', ['<p><b>bold</b> <i>it</i> <u>u</u> <s>gone</s> <sub>2</sub></p>']],
    ['headings', '<h1>One</h1><h3>Three</h3>', ['<h1>One</h1>', '<h3>Three</h3>']],
    ['deprecated tags mapped', '<strike>x</strike><tt>y</tt><center>c</center><font color="#ff0000" face="Arial">f</font>', ['<s>x</s>', '<code>y</code>', '<div style="text-align:center">c</div>', '<span style="color:#ff0000">f</span>']],
    ['link with safe scheme gets rel', '<a href="https://example.com/a?b=1&amp;c=2">x</a>', ['<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener noreferrer">x</a>']],
    ['mailto and tel links', '<a href="mailto:a@example.com">m</a><a href="tel:202-555-0179">t</a>', ['href="mailto:a@example.com"', 'href="tel:202-555-0179"']],
    ['evernote and file links lose the link, keep text', '<a href="evernote:///view/1/s1/abc/abc/">note</a><a href="file:///etc/passwd">f</a>', ['<div>notef</div>'], ['href']],
    ['table gets a scroll wrapper, spans kept', '<table><tr><td colspan="2" align="right">c</td></tr></table>', ['<div class="table-wrap" tabindex="0"><table><tbody><tr><td colSpan="2" style="text-align:right">c</td></tr></tbody></table></div>']],
    ['ordered list attributes', '<ol start="3" type="a"><li value="5">x</li></ol>', ['<ol start="3" type="a"><li value="5">x</li></ol>']],
    ['legacy en-todo', '<div><en-todo checked="true"/>Buy milk</div><div><en-todo/>Call mum</div>', ['<input type="checkbox" class="todo" disabled="" aria-label="Buy milk" checked=""/>Buy milk', 'aria-label="Call mum"/>Call mum']],
    ['en-todo wrapped in formatting takes the item text', '<ul><li><i><b><en-todo checked="true"/></b></i>done item</li></ul>', ['aria-label="done item" checked=""']],
    ['Evernote 10 checklist', '<ul style="--en-todo:true;"><li style="--en-checked:true;"><div>a</div></li><li style="--en-checked:false;"><div>b</div></li></ul>', ['<ul class="checklist"><li class="todo-item"><input type="checkbox" class="todo" disabled="" aria-label="a" checked=""/><div>a</div></li><li class="todo-item"><input type="checkbox" class="todo" disabled="" aria-label="b"/><div>b</div></li></ul>']],
    ['en-media image with intrinsic size', `<en-media type="image/png" hash="${'a'.repeat(32)}"/>`, ['<img src="/r/s/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" alt="lake.png" width="640" height="360" loading="eager" fetchPriority="high" decoding="async"/>']],
    ['en-media image width keeps aspect ratio; later images lazy', `<en-media type="image/png" hash="${'a'.repeat(32)}"/><en-media type="image/png" hash="${'a'.repeat(32)}" width="320"/>`, ['width="320" height="180" loading="lazy"']],
    ['en-media attachment card', `<en-media type="application/pdf" hash="${'b'.repeat(32)}"></en-media>`, ['<a class="attachment" href="/r/s/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" download="报价单.pdf">', '报价单.pdf', 'Attachment · PDF · 5.2 KB']],
    ['en-media with unknown hash', `<en-media type="image/png" hash="${'c'.repeat(32)}"/>`, ['<span class="missing-media">Missing attachment</span>']],
    ['en-crypt keeps only the hint', '<en-crypt cipher="AES" length="128" hint="door code">RU5DMAsecretcipher==</en-crypt>', ['class="encrypted"', 'hint: door code'], ['RU5DMA', 'secretcipher']],
    ['Evernote 10 code block', '<div style="--en-codeblock:true; --en-syntaxLanguage:python"><div>def f(x):</div><div>    return x &lt; 1</div><div><br/></div><div>print(f(0))</div></div>', ['<pre class="code-block" tabindex="0"><code class="language-python"><span class="hljs-keyword">def</span> <span class="hljs-title function_">f</span>', '<span class="hljs-keyword">return</span> x &lt; <span class="hljs-number">1</span>']],
    ['code in an unknown language stays plain', '<div style="--en-codeblock:true; --en-syntaxLanguage:brainfuck2"><div>a &lt; b</div></div>', ['<pre class="code-block" tabindex="0"><code class="language-brainfuck2">a &lt; b</code></pre>']],
    ['Mac 7 code block (single dash)', '<div style="-en-codeblock:true"><div>a</div><div>b</div></div>', ['<pre class="code-block" tabindex="0"><code>a\nb</code></pre>']],
    ['safe style subset only', '<span style="color: rgb(1,2,3); position:fixed; background-color:#fff; background:url(x); font-weight:bold">s</span>', ['style="color:rgb(1,2,3);background-color:#fff;font-weight:bold"'], ['position', 'url(']],
    ['raster data: image kept inline', '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"/>', ['<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot" loading="eager"']],
    ['external image becomes a link, never loaded', '<img src="https://tracker.example/pixel.gif" alt="clip"/>', ['<a class="external-image" href="https://tracker.example/pixel.gif" rel="nofollow ugc noopener noreferrer">'], ['<img']],
    ['unknown elements unwrapped, text kept', '<section><marquee>hi</marquee></section>', ['<div>hi</div>']],
    ['HTML named entities decoded', '<p>a&nbsp;b &mdash; &hellip;</p>', ['<p>a\u00a0b — …</p>']],
    ['a paragraph holding blocks becomes a div (the HTML parser would split it)', '<p><span><div>x</div></span></p><p>plain</p>', ['<div><span><span class="block">x</span></span></div>', '<p>plain</p>']],
    ['blocks inside phrasing content become block-displayed spans', '<span><a href="https://a.example/"><div>in link</div></a><div style="--en-codeblock:true"><div>code</div></div></span>', ['<span><a href="https://a.example/" rel="nofollow ugc noopener noreferrer"><span class="block">in link</span></a><span class="code-block block" tabindex="0"><code>code</code></span></span>']],
    ['rows directly in a table get a tbody', '<table><tr><td>a</td></tr><tr><td>b</td></tr></table>', ['<table><tbody><tr><td>a</td></tr><tr><td>b</td></tr></tbody></table>']],
    ['links never nest', '<a href="https://a.example/"><img src="https://b.example/i.png"/><a href="https://c.example/">inner</a></a>', ['<a href="https://a.example/" rel="nofollow ugc noopener noreferrer"><span class="external-image">🖼 External image</span></a><a href="https://c.example/"']],
    ['an attachment inside a link is not a second link', `<a href="https://x.example/"><en-media type="application/pdf" hash="${'b'.repeat(32)}"/></a>`, ['<a href="https://x.example/" rel="nofollow ugc noopener noreferrer"><span class="attachment">'], ['download=']],
    ['unclosed br and stray closers tolerated', '<div>a<br>b</span></div><div>c', ['<div>a<br/>b</div><div>c</div>']],
  ];
  it.each(cases)('%s', (_name, body, expected, absent = []) => {
    const html = renderToHtml(enNote(body), RESOURCES);
    for (const fragment of expected) expect(html).toContain(fragment);
    for (const fragment of absent) expect(html).not.toContain(fragment);
  });
});

it('highlighting keeps the code text exactly', () => {
  const code = 'def f(x):\n    return x < 1 and "</code><script>"\n';
  const html = renderToHtml(enNote(`<div style="--en-codeblock:true; --en-syntaxLanguage:python">${code.split('\n').map((l) => `<div>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</div>`).join('')}</div>`));
  const inner = /<code[^>]*>([\s\S]*)<\/code>/.exec(html)?.[1] ?? '';
  const text = inner.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
  expect(text).toBe(code.trimEnd());
  expect(html).not.toContain('<script>');
});

describe('renderEnml: hostile input', () => {
  const cases: Array<[name: string, body: string, forbidden: RegExp]> = [
    ['script element with content', '<script>alert(1)</script><p>ok</p>', /<script|alert/],
    ['event handler attributes', '<p onclick="alert(1)" onmouseover="x">t</p><img src="data:image/png;base64,AA==" onerror="alert(1)"/>', /\son\w+=/i],
    ['javascript: with tabs, entities and case', '<a href="jav&#x09;ascript:alert(1)">a</a><a href="JAVASCRIPT:alert(1)">b</a><a href=" &#106;avascript:alert(1)">c</a>', /href=/],
    ['vbscript and data: links', '<a href="vbscript:msgbox(1)">a</a><a href="data:text/html,<script>alert(1)</script>">b</a>', /href=|<script/],
    ['svg data: image', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"/>', /<img|svg/i],
    ['embedding and form elements', '<iframe src="https://evil.example"></iframe><object data="x"></object><embed src="x"/><form action="https://evil.example"><input name="q"/></form>', /<(iframe|object|embed|form|input name)/],
    ['document-level elements', '<base href="https://evil.example/"/><meta http-equiv="refresh" content="0;url=https://evil.example"/><style>body{display:none}</style><link rel="stylesheet" href="https://evil.example/x.css"/>', /<(base|meta|style|link)\b|evil/],
    ['css expression and url()', '<p style="color:expression(alert(1));background-color:url(javascript:alert(1))">x</p>', /style=/],
    ['id, class and data attributes dropped', '<p id="x" class="y" data-evernote-id="1">t</p>', /\s(id|class|data-evernote-id)=/],
    ['svg and math namespaces', '<svg><script>alert(1)</script></svg><math><mtext><img src=x onerror=alert(1)></mtext></math>', /<(svg|math|script|img)|alert/],
    ['noscript and template', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript><template><script>alert(1)</script></template>', /onerror|<script|<img/],
  ];
  it.each(cases)('%s', (_name, body, forbidden) => {
    expect(renderToHtml(enNote(body))).not.toMatch(forbidden);
  });

  it('flattens hostile nesting depth instead of overflowing the stack', () => {
    const depth = 50_000;
    const html = renderToHtml(enNote(`${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}`));
    expect(html).toContain('deep');
    expect((html.match(/<div>/g) ?? []).length).toBeLessThan(100);
  });

  it('falls back to plain text beyond the parse depth limit, quickly and without cipher text', () => {
    const depth = 200_000;
    const html = renderToHtml(enNote(`${'<b>'.repeat(depth)}deep<en-crypt>RU5DMAc</en-crypt>${'</b>'.repeat(depth)}`));
    expect(html).toBe('<div><p>deep</p></div>');
  });

  it('handles tens of thousands of checkboxes (label lookup is not quadratic)', () => {
    const html = renderToHtml(enNote('<en-todo/>'.repeat(20_000)));
    expect((html.match(/type="checkbox"/g) ?? []).length).toBe(20_000);
  });

  it('keeps cipher text out even when markup closes en-crypt early', () => {
    expect(renderToHtml(enNote('<p><en-crypt hint="h">x</p>RU5DMAleak</en-crypt></p>'))).not.toContain('RU5DMA');
  });

  it('keeps en-crypt cipher text out of checkbox labels', () => {
    const html = renderToHtml(enNote('<div><en-todo/><en-crypt hint="h">RU5DMAsecret</en-crypt></div>'));
    expect(html).not.toContain('RU5DMA');
  });
});

describe('renderEnml: responsive images', () => {
  it('passes srcset and sizes through when the page resolved them', () => {
    const withSrcSet: ResolvedResource = { ...PNG, srcSet: '/r/s/a?imageMogr2/thumbnail/360x 360w, /r/s/a 640w', sizes: '100vw' };
    const html = renderToHtml(enNote(`<en-media type="image/png" hash="${'a'.repeat(32)}"/>`), { ['a'.repeat(32)]: withSrcSet });
    expect(html).toContain('srcSet="/r/s/a?imageMogr2/thumbnail/360x 360w, /r/s/a 640w" sizes="100vw"');
  });
});

describe('renderEnml: flow content inside phrasing-only parents', () => {
  // What the note can put there (sanitised tags and Evernote constructs), and where.
  const parents = ['span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'small', 'sub', 'sup', 'code', 'tt', 'abbr', 'cite', 'q', 'dfn', 'kbd', 'samp', 'var', 'bdo', 'font', 'big', 'h1', 'h3', 'h6', 'pre', 'p'];
  const children: Array<[string, string]> = [
    ['div', '<div>d</div>'], ['p', '<p>p</p>'], ['blockquote', '<blockquote>q</blockquote>'], ['pre', '<pre>x  y</pre>'], ['hr', '<hr/>'],
    ['ul', '<ul><li>one</li><li>two</li></ul>'], ['ol', '<ol start="3"><li value="4">three</li></ol>'], ['dl', '<dl><dt>term</dt><dd>def</dd></dl>'],
    ['table', '<table><caption>c</caption><colgroup><col span="2"/></colgroup><tr><th colspan="2">h</th></tr><tr><td rowspan="1">x</td></tr></table>'],
    ['h2', '<h2 title="t">heading</h2>'], ['center', '<center>c</center>'], ['address', '<address>a</address>'],
    ['code block', '<div style="--en-codeblock:true"><div>code</div></div>'],
    ['checklist', '<ul style="--en-todo:true;"><li style="--en-checked:true;">done</li></ul>'],
    ['link holding a list', '<a href="https://a.example/"><ol><li>x</li></ol></a>'],
  ];
  // Flow-only output tags, and the tags whose content model is phrasing only (HTML living standard).
  const FLOW_ONLY = /<(div|p|blockquote|pre|hr|ul|ol|li|dl|dt|dd|table|caption|colgroup|col|thead|tbody|tfoot|tr|td|th|h[1-6]|address|center)[\s>/]/;
  const PHRASING_ONLY = new Set(['span', 'b', 'strong', 'i', 'em', 'u', 's', 'small', 'sub', 'sup', 'code', 'abbr', 'cite', 'q', 'dfn', 'kbd', 'samp', 'var', 'bdo', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'p']);

  /** The inner HTML of every phrasing-only element in `html` (a small scan: the renderer's output is well-formed). */
  function phrasingContents(html: string): string[] {
    const out: string[] = [];
    const open: Array<{ tag: string; start: number }> = [];
    for (const match of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*?(\/?)>/g)) {
      const [whole, closing, tag = '', selfClosing] = match;
      if (selfClosing || ['img', 'input', 'br', 'hr', 'col'].includes(tag)) continue;
      if (!closing) open.push({ tag, start: (match.index ?? 0) + whole.length });
      else {
        const top = open.pop();
        if (top && PHRASING_ONLY.has(top.tag)) out.push(html.slice(top.start, match.index));
      }
    }
    return out;
  }

  for (const parent of parents) {
    it.each(children)(`<${parent}> holding %s renders no flow-only element inside phrasing content`, (_name, child) => {
      const html = renderToHtml(enNote(`<div><${parent}>before ${child} after</${parent}></div>`), RESOURCES);
      for (const inner of phrasingContents(html)) expect(inner).not.toMatch(FLOW_ONLY);
      expect(html).toContain('before');
      expect(html).toContain('after');
    });
  }

  it.each([
    ['a list keeps its items as list items', '<span><ol><li>x</li><li>y</li></ol></span>', '<span><span class="block list" role="list"><span class="block item" role="listitem">x</span><span class="block item" role="listitem">y</span></span></span>'],
    ['a heading keeps its level', '<b><h2 title="t">h</h2></b>', '<b><span class="block heading h2" title="t" role="heading" aria-level="2">h</span></b>'],
    ['a table keeps rows and cells, without column settings', '<span><table><colgroup><col/></colgroup><tr><th colspan="2">h</th></tr></table></span>', '<span><span class="table" role="table"><span class="rowgroup" role="rowgroup"><span class="row" role="row"><span class="cell th" role="columnheader">h</span></span></span></span></span>'],
    ['a rule is a separator', '<i>a<hr/>b</i>', '<i>a<span class="block rule" role="separator"></span>b</i>'],
    ['a checklist item is a list item', '<span><ul style="--en-todo:true;"><li style="--en-checked:true;">done</li></ul></span>', 'role="listitem"'],
  ])('%s', (_name, body, expected) => {
    expect(renderToHtml(enNote(body), RESOURCES)).toContain(expected);
  });
});
