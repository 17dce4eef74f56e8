import type { ElementNode, EnmlNode, SafeTag } from './types';

/**
 * HTML's content models for the elements that only live inside one parent: list items, definition
 * terms, table parts. ENML's DTD lets any element hold any other, and real notes and web clips do
 * it (an `<li>` in a `<div>`, text or a `<div>` between table rows, a `<td>` in a `<span>`): the
 * browser's parser then moves content around (it fosters stray table content before the table) or
 * drops the tags, and the Nu checker rejects the page. The tree is fitted here, once, so what
 * renders is what a browser would have shown and is valid HTML.
 */

const isElement = (node: EnmlNode, ...tags: SafeTag[]): node is ElementNode => node.kind === 'element' && tags.includes(node.tag);
const wrapper = (tag: SafeTag, children: EnmlNode[], attrs: Record<string, string> = {}): ElementNode => ({ kind: 'element', tag, attrs, style: null, children });

const CELLS: SafeTag[] = ['td', 'th'];
const ROW_GROUPS: SafeTag[] = ['thead', 'tbody', 'tfoot'];
/** Where each table part may stand; anywhere else it is unwrapped, as the HTML parser ignores its tags. */
const TABLE_PART_PARENTS: ReadonlyMap<string, readonly string[]> = new Map([
  ['caption', ['table']], ['colgroup', ['table']], ['col', ['table', 'colgroup']],
  ['thead', ['table']], ['tbody', ['table']], ['tfoot', ['table']],
  ['tr', ['table', 'thead', 'tbody', 'tfoot']],
  ['td', ['table', 'thead', 'tbody', 'tfoot', 'tr']], ['th', ['table', 'thead', 'tbody', 'tfoot', 'tr']],
]);

const isListItem = (node: EnmlNode): boolean => node.kind === 'todo-item' || isElement(node, 'li');

/**
 * The children of `parent` (an element's tag, or null for the note itself) with list items outside
 * a list gathered into one, terms and definitions outside a definition list into one, and table
 * parts outside their table unwrapped (a cell's text then ends with a space, as cells read apart).
 */
export function fitChildren(parent: SafeTag | null, children: EnmlNode[]): EnmlNode[] {
  const inList = parent === 'ul' || parent === 'ol';
  const inDefinitionList = parent === 'dl';
  if (!children.some((child) => child.kind === 'todo-item' || (child.kind === 'element' && (
    (!inList && child.tag === 'li') || (!inDefinitionList && (child.tag === 'dt' || child.tag === 'dd')) || TABLE_PART_PARENTS.has(child.tag))))) return children;
  const out: EnmlNode[] = [];
  const definitionLists: ElementNode[] = [];
  let run: ElementNode | null = null;
  for (const child of children) {
    if (child.kind === 'element' && TABLE_PART_PARENTS.has(child.tag) && !(TABLE_PART_PARENTS.get(child.tag) as readonly string[]).includes(parent ?? '')) {
      run = null;
      out.push(...fitChildren(parent, child.children));
      if (CELLS.includes(child.tag)) out.push({ kind: 'text', text: ' ' });
      continue;
    }
    const runTag: SafeTag | null = !inList && isListItem(child) ? 'ul' : !inDefinitionList && isElement(child, 'dt', 'dd') ? 'dl' : null;
    if (!runTag) {
      run = null;
      out.push(child);
      continue;
    }
    if (!run || run.tag !== runTag) {
      run = wrapper(runTag, [], runTag === 'ul' && child.kind === 'todo-item' ? { className: 'checklist' } : {});
      if (runTag === 'dl') definitionLists.push(run);
      out.push(run);
    }
    run.children.push(child);
  }
  for (const list of definitionLists) fitDefinitionListInPlace(list);
  return out;
}

/** Rows and cells: `<td>`s standing where rows belong are gathered into a row; anything else is fostered out. */
function fitRows(children: EnmlNode[], fostered: EnmlNode[]): EnmlNode[] {
  const out: EnmlNode[] = [];
  let row: ElementNode | null = null;
  for (const child of children) {
    if (isElement(child, ...CELLS)) {
      if (!row) {
        row = wrapper('tr', []);
        out.push(row);
      }
      row.children.push(child);
    } else if (isElement(child, 'tr')) {
      row = null;
      out.push(child);
    } else {
      fostered.push(child);
    }
  }
  return out;
}

/** A row keeps its cells; anything else goes before the table. A row with no cell is dropped. */
export function fitRow(row: ElementNode): EnmlNode[] {
  const fostered: EnmlNode[] = [];
  row.children = row.children.filter((child) => isElement(child, ...CELLS) || (fostered.push(child), false));
  return row.children.length > 0 ? [...fostered, row] : fostered;
}

/** A row group keeps its rows (bare cells gathered into one); anything else goes before the table. */
export function fitRowGroup(group: ElementNode): EnmlNode[] {
  const fostered: EnmlNode[] = [];
  group.children = fitRows(group.children, fostered);
  return [...fostered, group];
}

/**
 * A table in HTML's order (caption, column groups, head, body rows, foot); content that is not a
 * table part goes before it, as the HTML parser fosters it; a cell spanning past its row group is
 * cut to the group's end.
 */
export function fitTable(table: ElementNode): EnmlNode[] {
  const fostered: EnmlNode[] = [];
  let caption: ElementNode | null = null;
  const columns: EnmlNode[] = [];
  let head: ElementNode | null = null;
  let foot: ElementNode | null = null;
  const body: EnmlNode[] = [];
  for (const child of table.children) {
    if (child.kind !== 'element') {
      fostered.push(child);
      continue;
    }
    const { tag } = child;
    const isFirstPart = body.length === 0 && !head;
    if (tag === 'caption' && !caption && isFirstPart && !holdsTable(child)) caption = child;
    else if ((tag === 'colgroup' || tag === 'col') && isFirstPart) columns.push(child);
    else if (tag === 'thead' && isFirstPart) head = child;
    else if (tag === 'tfoot' && !foot) foot = child;
    else if (ROW_GROUPS.includes(tag)) body.push({ ...child, tag: 'tbody' });
    else if (tag === 'tr' || CELLS.includes(tag)) body.push(child);
    else if (tag === 'caption') fostered.push(...child.children);
    else if (tag !== 'colgroup' && tag !== 'col') fostered.push(child);
  }
  // Bare cells become a row; runs of bare rows get their <tbody> from the renderer (withTbody).
  const ordered: EnmlNode[] = [];
  let row: ElementNode | null = null;
  for (const node of body) {
    if (isElement(node, ...CELLS)) {
      if (!row) {
        row = wrapper('tr', []);
        ordered.push(row);
      }
      row.children.push(node);
    } else {
      row = null;
      ordered.push(node);
    }
  }
  table.children = [...(caption ? [caption] : []), ...columns, ...(head ? [head] : []), ...ordered, ...(foot ? [foot] : [])];
  clampRowSpans(table.children);
  return [...fostered, table];
}

/** Whether a table stands anywhere below `node` (a caption may not hold one). */
function holdsTable(node: ElementNode): boolean {
  const stack: EnmlNode[] = [...node.children];
  while (stack.length > 0) {
    const next = stack.pop() as EnmlNode;
    if (next.kind !== 'element') continue;
    if (next.tag === 'table') return true;
    stack.push(...next.children);
  }
  return false;
}

/** rowspan past the last row of its group (the browser clips it; the checker calls it an error). */
function clampRowSpans(parts: EnmlNode[]): void {
  const groups: ElementNode[][] = [];
  let bare: ElementNode[] | null = null;
  for (const part of parts) {
    if (part.kind === 'element' && part.tag === 'tr') {
      if (!bare) {
        bare = [];
        groups.push(bare);
      }
      bare.push(part);
    } else {
      bare = null;
      if (part.kind === 'element' && ROW_GROUPS.includes(part.tag)) groups.push(part.children.filter((row): row is ElementNode => isElement(row, 'tr')));
    }
  }
  for (const rows of groups) {
    rows.forEach((row, index) => {
      for (const cell of row.children) {
        if (!isElement(cell, ...CELLS)) continue;
        const span = cell.attrs.rowSpan;
        if (typeof span === 'number' && span > rows.length - index) cell.attrs.rowSpan = rows.length - index;
      }
    });
  }
}

/**
 * A definition list holds terms and definitions in groups (dt+ dd+)+: other content becomes a
 * definition, a list starting with a definition gets an empty term, one ending in a term an empty definition.
 */
function fitDefinitionListInPlace(list: ElementNode): void {
  const out: EnmlNode[] = [];
  let loose: ElementNode | null = null;
  for (const child of list.children) {
    if (isElement(child, 'dt', 'dd')) {
      loose = null;
      out.push(child);
    } else {
      if (!loose) out.push((loose = wrapper('dd', [])));
      loose.children.push(child);
    }
  }
  if (out[0] && isElement(out[0], 'dd')) out.unshift(wrapper('dt', []));
  const last = out[out.length - 1];
  if (last && isElement(last, 'dt')) out.push(wrapper('dd', []));
  list.children = out;
}

export function fitDefinitionList(list: ElementNode): EnmlNode[] {
  fitDefinitionListInPlace(list);
  return [list];
}
