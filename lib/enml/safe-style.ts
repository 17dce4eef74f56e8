import type { SafeStyle } from './types';

/**
 * Inline `style` from notes, reduced to a small allow-list (colour, background, alignment, weight,
 * decoration, indentation). Values are matched against strict patterns rather than cleaned, so
 * `url()`, `expression()`, `var()`, escapes, comments and `position` never get through.
 */

const COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgba?\(\s*[\d.]+%?\s*(,\s*[\d.]+%?\s*){2,3}\)|hsla?\(\s*[\d.]+(deg)?\s*(,\s*[\d.]+%?\s*){2,3}\))$/i;
const LENGTH = /^(0|\d{1,4}(\.\d{1,3})?(px|em|rem|%|pt))$/i;
const MAX_STYLE_LENGTH = 4096;
/** Indentation beyond this is almost always a paste artefact that would push text off a phone screen. */
const MAX_INDENT_PX = 240;

type Rule = { prop: keyof SafeStyle; test: (value: string) => boolean };

const RULES: Record<string, Rule> = {
  color: { prop: 'color', test: (v) => COLOR.test(v) },
  'background-color': { prop: 'backgroundColor', test: (v) => COLOR.test(v) },
  'text-align': { prop: 'textAlign', test: (v) => /^(left|right|center|justify|start|end)$/i.test(v) },
  'font-weight': { prop: 'fontWeight', test: (v) => /^(normal|bold|bolder|lighter|[1-9]00)$/i.test(v) },
  'font-style': { prop: 'fontStyle', test: (v) => /^(normal|italic|oblique)$/i.test(v) },
  'text-decoration': { prop: 'textDecoration', test: (v) => /^(none|underline|line-through|overline)( (underline|line-through|overline))*$/i.test(v) },
  'text-decoration-line': { prop: 'textDecoration', test: (v) => /^(none|underline|line-through|overline)$/i.test(v) },
  'margin-left': { prop: 'marginLeft', test: isIndent },
  'padding-left': { prop: 'paddingLeft', test: isIndent },
  'text-indent': { prop: 'textIndent', test: isIndent },
  'vertical-align': { prop: 'verticalAlign', test: (v) => /^(top|middle|bottom|baseline)$/i.test(v) },
};

function isIndent(value: string): boolean {
  if (!LENGTH.test(value)) return false;
  const n = Number.parseFloat(value);
  const px = /em$/i.test(value) ? n * 16 : /%$/.test(value) ? n * 4 : n;
  return px <= MAX_INDENT_PX;
}

/** Splits a declaration list into lower-cased property names and raw values. Custom properties keep their case. */
export function parseDeclarations(style: string): Map<string, string> {
  const declarations = new Map<string, string>();
  // Real inline styles are a few hundred characters; multi-kilobyte ones are padding or attacks.
  for (const part of style.slice(0, MAX_STYLE_LENGTH).split(';')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const name = part.slice(0, colon).trim();
    const value = part.slice(colon + 1).trim().replace(/\s*!important$/i, '');
    if (name === '' || value === '') continue;
    declarations.set(name.startsWith('-') ? name : name.toLowerCase(), value);
  }
  return declarations;
}

export function sanitizeStyle(declarations: Map<string, string>): SafeStyle | null {
  const style: SafeStyle = {};
  let count = 0;
  for (const [name, value] of declarations) {
    const rule = RULES[name];
    if (!rule || value.length > 64 || /[\\<>"'{}]|\/\*/.test(value) || !rule.test(value)) continue;
    style[rule.prop] = value.toLowerCase();
    count += 1;
  }
  return count > 0 ? style : null;
}

/** True when an Evernote flag such as `--en-codeblock:true` (or the older `-en-codeblock`) is set. */
export function hasEnFlag(declarations: Map<string, string>, flag: string): boolean {
  const value = declarations.get(`--en-${flag}`) ?? declarations.get(`-en-${flag}`);
  return value !== undefined && value.trim().toLowerCase() === 'true';
}
