/**
 * The sanitised form of an ENML note body. Parsing (parse-enml.ts) turns untrusted ENML into this
 * tree; only allow-listed tags, attributes and style values survive, so the renderer can map it to
 * React elements without further checks. The tree is plain JSON: it can cross the
 * getServerSideProps boundary, and it never contains en-crypt cipher text.
 */

/** HTML tags the renderer may emit for note content. */
export type SafeTag =
  | 'a' | 'abbr' | 'b' | 'bdo' | 'blockquote' | 'br' | 'caption' | 'cite' | 'code' | 'col'
  | 'colgroup' | 'dd' | 'del' | 'dfn' | 'div' | 'dl' | 'dt' | 'em' | 'h1' | 'h2' | 'h3' | 'h4'
  | 'h5' | 'h6' | 'hr' | 'i' | 'img' | 'ins' | 'kbd' | 'li' | 'ol' | 'p' | 'pre' | 'q' | 's'
  | 'samp' | 'small' | 'span' | 'strong' | 'sub' | 'sup' | 'table' | 'tbody' | 'td' | 'tfoot'
  | 'th' | 'thead' | 'tr' | 'u' | 'ul' | 'var';

/** CSS properties (camelCase, as React expects) that survive the style filter. */
export type SafeStyle = Partial<Record<
  | 'color' | 'backgroundColor' | 'textAlign' | 'fontWeight' | 'fontStyle' | 'textDecoration'
  | 'marginLeft' | 'paddingLeft' | 'textIndent' | 'verticalAlign' | 'width',
  string
>>;

export interface ElementNode {
  kind: 'element';
  tag: SafeTag;
  /** Already validated attribute values, keyed by their React prop name. */
  attrs: Record<string, string | number>;
  style: SafeStyle | null;
  children: EnmlNode[];
}

export interface TextNode {
  kind: 'text';
  text: string;
}

/** `<en-todo>` or an Evernote 10 checklist item: a disabled checkbox with an accessible name. */
export interface TodoNode {
  kind: 'todo';
  checked: boolean;
  label: string;
}

/** A checklist `<li>` (Evernote 10: `--en-checked` on the item). */
export interface TodoItemNode {
  kind: 'todo-item';
  checked: boolean;
  label: string;
  children: EnmlNode[];
}

/** `<en-media>`: resolved against the note's resources at render time. */
export interface MediaNode {
  kind: 'media';
  hash: string;
  mime: string;
  width: number | null;
  height: number | null;
  alt: string;
}

/** `<en-crypt>`: only the hint is kept; the cipher text is dropped during parsing. */
export interface CryptNode {
  kind: 'crypt';
  hint: string;
}

/** An Evernote code block (`--en-codeblock`), flattened to text lines. */
export interface CodeBlockNode {
  kind: 'code-block';
  language: string | null;
  text: string;
}

/** An image embedded by URL in a web clip; never fetched from a third-party host. */
export interface ExternalImageNode {
  kind: 'external-image';
  href: string;
  alt: string;
}

export type EnmlNode =
  | ElementNode
  | TextNode
  | TodoNode
  | TodoItemNode
  | MediaNode
  | CryptNode
  | CodeBlockNode
  | ExternalImageNode;

export interface ParsedEnml {
  /** The `lang`/`xml:lang` declared on `<en-note>`, if it is a well-formed language tag. */
  lang: string | null;
  nodes: EnmlNode[];
  /** True when only the beginning of the markup was parsed (parseEnml's `maxChars`). */
  isCut: boolean;
}
