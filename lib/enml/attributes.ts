import { withoutForbiddenChars } from '../notes/text-limits';
import type { SafeStyle, SafeTag } from './types';
import { parseDeclarations, sanitizeStyle } from './safe-style';

/** Attribute readers: each turns one untrusted attribute into a typed, bounded prop or nothing. */

type Attribs = Record<string, string | undefined>;

export function intAttr(value: string | undefined, min: number, max: number): number | null {
  if (value === undefined || !/^\s*\d{1,6}\s*$/.test(value)) return null;
  const n = Number.parseInt(value, 10);
  return n >= min && n <= max ? n : null;
}

export function textAttr(value: string | undefined, maxLength = 512): string | null {
  if (value === undefined) return null;
  const text = withoutForbiddenChars(value).replace(/\u000c/g, '').trim();
  return text === '' ? null : text.slice(0, maxLength);
}

const LANG = /^[a-z]{2,3}(-[a-z0-9]{2,8}){0,3}$/i;

export function langAttr(value: string | undefined): string | null {
  const text = value?.trim();
  return text && LANG.test(text) ? text : null;
}

/** Props every kept element may carry: title, lang, dir. */
export function commonProps(attribs: Attribs): Record<string, string | number> {
  const props: Record<string, string | number> = {};
  const title = textAttr(attribs.title);
  if (title) props.title = title;
  const lang = langAttr(attribs.lang ?? attribs['xml:lang']);
  if (lang) props.lang = lang;
  const dir = attribs.dir?.trim().toLowerCase();
  if (dir === 'ltr' || dir === 'rtl' || dir === 'auto') props.dir = dir;
  return props;
}

/** Per-tag extra attributes that carry meaning in notes (table spans, list numbering). */
export function tagProps(tag: SafeTag, attribs: Attribs): Record<string, string | number> {
  const props = commonProps(attribs);
  const set = (name: string, value: string | number | null): void => {
    if (value !== null) props[name] = value;
  };
  switch (tag) {
    case 'td':
    case 'th':
      set('colSpan', intAttr(attribs.colspan, 1, 1000));
      set('rowSpan', intAttr(attribs.rowspan, 0, 65534));
      break;
    case 'ol':
      set('start', intAttr(attribs.start, 0, 1_000_000));
      if (attribs.type && /^[1aAiI]$/.test(attribs.type.trim())) props.type = attribs.type.trim();
      break;
    case 'li':
      set('value', intAttr(attribs.value, 0, 1_000_000));
      break;
    case 'col':
    case 'colgroup':
      set('span', intAttr(attribs.span, 1, 1000));
      break;
    default:
      break;
  }
  return props;
}

/** Presentational HTML attributes that map onto the safe style subset. */
const LEGACY_STYLE: Array<[attr: string, css: string]> = [
  ['align', 'text-align'],
  ['valign', 'vertical-align'],
  ['bgcolor', 'background-color'],
  ['color', 'color'],
];

export function styleOf(attribs: Attribs, extra: Array<[string, string]> = []): SafeStyle | null {
  // Most elements carry none of these: no declarations, no style (and no Map to build and check).
  if (extra.length === 0 && attribs.style === undefined && LEGACY_STYLE.every(([attr]) => attribs[attr] === undefined)) return null;
  const declarations = parseDeclarations(attribs.style ?? '');
  for (const [attr, css] of LEGACY_STYLE) {
    const value = attribs[attr];
    if (value !== undefined && !declarations.has(css)) declarations.set(css, value.trim());
  }
  for (const [css, value] of extra) declarations.set(css, value);
  return sanitizeStyle(declarations);
}
