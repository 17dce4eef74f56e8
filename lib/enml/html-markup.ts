import type { Child, Markup } from './markup';
import type { Steps } from './steps';

/**
 * The renderer's elements written straight to HTML, byte for byte as react-dom/server's
 * renderToString writes the same elements (html-markup.test.ts compares the two on every note we
 * have: demo notes, fixtures, hostile notes, XSS payloads, the ENEX corpus). React builds an element
 * tree and walks it again to write it; for a long note that was most of the render, and most of its
 * garbage. Every decision about what a note may contain stays in the parser and the renderer
 * (render-enml.tsx): this file only writes what the renderer asks for, and refuses (throws) any
 * tag or attribute it has no rule for, so a renderer change cannot slip past its escaping.
 *
 * The rules are React 19's (react-dom-server, pushStartInstance and pushAttribute): text and
 * attribute values escaped the same way (`& < > " '`), a `<!-- -->` between adjacent text nodes,
 * javascript: URLs replaced, void elements closed with `/>`, a checkbox's `checked` written last,
 * and the first images that load eagerly preloaded ahead of the markup (`hoisted`).
 */
export class Html {
  constructor(
    readonly html: string,
    /** Escaped text rather than elements: a text node next to it needs React's separator. */
    readonly isText = false,
  ) {}
}

/** What the renderer writes: Html from element(), or text (a string) to escape. */
export type HtmlChild = Child<Html>;

const ESCAPED = /["'&<>]/;

/** React's escapeTextForBrowser: text and attribute values. */
export function escapeHtml(text: string): string {
  const first = ESCAPED.exec(text);
  if (!first) return text;
  let html = '';
  let last = 0;
  for (let i = first.index; i < text.length; i += 1) {
    let entity: string;
    switch (text.charCodeAt(i)) {
      case 34: entity = '&quot;'; break;
      case 38: entity = '&amp;'; break;
      case 39: entity = '&#x27;'; break;
      case 60: entity = '&lt;'; break;
      case 62: entity = '&gt;'; break;
      default: continue;
    }
    if (last !== i) html += text.slice(last, i);
    last = i + 1;
    html += entity;
  }
  return last === 0 ? html : html + text.slice(last);
}

/** As React sanitises URL attributes (its own last line of defence; the parser only lets http(s), mailto and tel through). */
const JAVASCRIPT_URL = /^[\u0000-\u001F ]*j[\r\n\t]*a[\r\n\t]*v[\r\n\t]*a[\r\n\t]*s[\r\n\t]*c[\r\n\t]*r[\r\n\t]*i[\r\n\t]*p[\r\n\t]*t[\r\n\t]*:/i;
const BLOCKED_URL = "javascript:throw new Error('React has blocked a javascript: URL as a security precaution.')";

/** Tags the renderer emits. Elements without children are written `<tag …/>`. */
const TAGS = new Set([
  'a', 'abbr', 'b', 'bdo', 'blockquote', 'caption', 'cite', 'code', 'colgroup', 'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'i', 'ins', 'kbd', 'li', 'ol', 'p', 'pre', 'q', 's', 'samp', 'small', 'span', 'strong',
  'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul', 'var',
]);
const VOID_TAGS = new Set(['br', 'col', 'hr', 'img', 'input']);

/** Attributes written under their own name as strings (React's default rule; booleans only for aria-*). */
const PLAIN = new Set(['alt', 'aria-hidden', 'aria-label', 'aria-level', 'colSpan', 'decoding', 'fetchPriority', 'id', 'lang', 'loading', 'rel', 'sizes', 'srcSet', 'title', 'type']);

type Props = Record<string, unknown>;

function stringAttribute(name: string, value: unknown): string {
  return typeof value === 'boolean' ? '' : ` ${name}="${escapeHtml(String(value))}"`;
}

/** One attribute as React's pushAttribute writes it ('' for nothing); null values never get here. */
function attribute(name: string, value: unknown): string {
  if (typeof value === 'function' || typeof value === 'symbol') return '';
  switch (name) {
    case 'className':
      return stringAttribute('class', value);
    case 'tabIndex':
      return stringAttribute('tabindex', value);
    case 'dir':
    case 'role':
    case 'width':
    case 'height':
      return stringAttribute(name, value);
    case 'style':
      return styleAttribute(value);
    case 'src':
    case 'href': {
      if (value === '' || typeof value === 'boolean') return '';
      const url = String(value);
      return ` ${name}="${escapeHtml(JAVASCRIPT_URL.test(url) ? BLOCKED_URL : url)}"`;
    }
    case 'disabled':
      return value ? ` ${name}=""` : '';
    case 'download':
      return value === true ? ` ${name}=""` : value === false ? '' : ` ${name}="${escapeHtml(String(value))}"`;
    case 'span':
      return Number.isNaN(Number(value)) || Number(value) < 1 ? '' : ` ${name}="${escapeHtml(String(value))}"`;
    case 'rowSpan':
    case 'start':
      return Number.isNaN(Number(value)) ? '' : ` ${name}="${escapeHtml(String(value))}"`;
    case 'value':
      return ` ${name}="${escapeHtml(String(value))}"`;
    default:
      if (!PLAIN.has(name)) throw new Error(`html markup: no rule for the attribute ${name}`);
      if (typeof value === 'boolean' && !name.startsWith('aria-')) return '';
      return ` ${name}="${escapeHtml(String(value))}"`;
  }
}

const styleNames = new Map<string, string>();

/** React's pushStyleAttribute: camelCase names hyphenated, values trimmed and escaped, numbers in px. */
function styleAttribute(style: unknown): string {
  if (typeof style !== 'object' || style === null) throw new Error('html markup: style must be an object');
  let css = '';
  for (const [name, value] of Object.entries(style)) {
    if (value === null || value === undefined || typeof value === 'boolean' || value === '') continue;
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`html markup: no rule for a ${typeof value} style value`);
    if (name.startsWith('--')) throw new Error('html markup: no rule for custom properties');
    let cssName = styleNames.get(name);
    if (cssName === undefined) {
      cssName = escapeHtml(name.replace(/([A-Z])/g, '-$1').toLowerCase().replace(/^ms-/, '-ms-'));
      styleNames.set(name, cssName);
    }
    // sanitizeStyle writes strings only. A number would need React's list of unitless properties
    // (fontWeight and lineHeight are in the safe subset and on that list): refused, so the page falls
    // back to React rather than write `font-weight:700px`.
    if (typeof value === 'number' && value !== 0) throw new Error(`html markup: no rule for the number ${value} in style ${name}`);
    const cssValue = typeof value === 'number' ? '0' : escapeHtml(value.trim());
    css += `${css === '' ? '' : ';'}${cssName}:${cssValue}`;
  }
  return css === '' ? '' : ` style="${css}"`;
}

/** `children` written in order as React writes siblings: escaped text, `<!-- -->` between adjacent texts. */
function writeChildren(children: readonly HtmlChild[], out: { html: string; isAfterText: boolean }): void {
  for (const child of children) {
    if (child === null || child === undefined || typeof child === 'boolean') continue;
    if (child instanceof Html) {
      if (child.isText && out.isAfterText) out.html += '<!-- -->';
      out.html += child.html;
      out.isAfterText = child.isText;
    } else if (typeof child === 'string' || typeof child === 'number') {
      const text = String(child);
      if (text === '') continue;
      if (out.isAfterText) out.html += '<!-- -->';
      out.html += escapeHtml(text);
      out.isAfterText = true;
    } else if (Array.isArray(child)) {
      writeChildren(child as readonly HtmlChild[], out);
    } else {
      throw new Error('html markup: unknown child');
    }
  }
}

/** Children as React writes them inside an element, or at the top level of a render. */
export function childrenHtml(children: readonly HtmlChild[]): string {
  const out = { html: '', isAfterText: false };
  writeChildren(children, out);
  return out.html;
}

/** A text child's text (escaping keeps a leading newline), '' for anything else. */
function textOf(child: HtmlChild): string {
  if (typeof child === 'string') return child;
  return child instanceof Html && child.isText ? child.html : '';
}

/** Images React preloads ahead of the markup at most (more would go elsewhere in its output). */
const MAX_PRELOADS = 10;

/**
 * The markup of one render: elements as HTML, and the image preloads React would hoist (React
 * preloads an image that does not load lazily, unless its source is a data: URI).
 */
export class HtmlMarkup implements Markup<Html> {
  private readonly preloadKeys = new Set<string>();
  private readonly preloads: string[] = [];

  /** What React would write ahead of the markup. */
  hoisted(): string {
    return this.preloads.join('');
  }

  readonly element = (tag: string, props: Props, ...children: HtmlChild[]): Html => {
    const isVoid = VOID_TAGS.has(tag);
    if (!isVoid && !TAGS.has(tag)) throw new Error(`html markup: no rule for the element ${tag}`);
    if (isVoid && children.length > 0) throw new Error(`html markup: ${tag} cannot have children`);
    if (tag === 'img') this.preload(props);
    let html = `<${tag}`;
    let checked: unknown = null;
    for (const name in props) {
      if (!Object.hasOwn(props, name)) continue;
      const value = props[name];
      if (value === null || value === undefined || name === 'key') continue;
      if (name === 'children' || name === 'dangerouslySetInnerHTML') throw new Error(`html markup: no rule for ${name}`);
      if (tag === 'input' && name === 'defaultChecked') checked = value;
      else if (tag === 'input' && (name === 'checked' || name === 'value' || name === 'defaultValue' || name === 'name')) throw new Error(`html markup: no rule for the input attribute ${name}`);
      else if (tag === 'a' && name === 'href' && value === '') html += ' href=""';
      else html += attribute(name, value);
    }
    // As React: a falsy value (false, 0, '') writes no attribute.
    if (checked) html += ' checked=""';
    if (isVoid) return new Html(`${html}/>`);
    html += '>';
    // text/html drops a newline right after <pre>: React writes one more when the only child is text starting with one.
    if (tag === 'pre' && children.length === 1 && textOf(children[0]).startsWith('\n')) html += '\n';
    return new Html(`${html}${childrenHtml(children)}</${tag}>`);
  };

  /** Long text escaped in pieces, pausing between them (escaping 1M `<` in one call took ~0.3 s). */
  readonly textSteps = function* textSteps(text: string, pieceChars: number): Steps<Html> {
    let html = '';
    for (let at = 0; at < text.length; at += pieceChars) {
      if (at > 0) yield;
      html += escapeHtml(text.slice(at, at + pieceChars));
    }
    return new Html(html, true);
  };

  private preload(props: Props): void {
    const { src, srcSet, sizes } = props;
    if (props.loading === 'lazy' || props.fetchPriority === 'low' || (!src && !srcSet)) return;
    if ((src !== undefined && src !== null && typeof src !== 'string') || (srcSet !== undefined && srcSet !== null && typeof srcSet !== 'string')) return;
    if ((typeof src === 'string' && /^data:/i.test(src)) || (typeof srcSet === 'string' && /^data:/i.test(srcSet))) return;
    const key = srcSet ? `${srcSet}\n${typeof sizes === 'string' ? sizes : ''}` : (src as string);
    if (this.preloadKeys.has(key)) return;
    this.preloadKeys.add(key);
    if (this.preloads.length >= MAX_PRELOADS && props.fetchPriority !== 'high') throw new Error('html markup: more eager images than React preloads ahead of the markup');
    for (const name of ['crossOrigin', 'integrity', 'type', 'referrerPolicy']) if (props[name] !== undefined) throw new Error(`html markup: no rule for an image's ${name}`);
    // React's preload link: rel, as, href (without a srcset), imageSrcSet, imageSizes, fetchPriority.
    let html = '<link rel="preload" as="image"';
    if (!srcSet) html += attribute('href', src);
    if (typeof srcSet === 'string') html += ` imageSrcSet="${escapeHtml(srcSet)}"`;
    if (typeof sizes === 'string') html += ` imageSizes="${escapeHtml(sizes)}"`;
    if (props.fetchPriority !== undefined && props.fetchPriority !== null) html += attribute('fetchPriority', props.fetchPriority);
    this.preloads.push(`${html}/>`);
  }
}
