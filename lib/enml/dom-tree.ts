import type { Handler } from 'htmlparser2';

/**
 * The document tree htmlparser2 reads a note into: the shape of domhandler's (same node types,
 * same merging of adjacent text, same sibling links), built from plain objects. domhandler builds
 * it from classes with field initializers, which Node 20's V8 (SCF's runtime) runs ~50 times
 * slower than plain properties: about 1 µs per node, most of the parse of a 22 KB note
 * (dom-tree.test.ts checks that both trees are the same).
 */
export type DomParent = DomDocument | DomElement | DomCdata;
export type DomNode = DomElement | DomText | DomComment | DomDirective | DomCdata;

interface Linked {
  parent: DomParent | null;
  prev: DomNode | null;
  next: DomNode | null;
}

export interface DomDocument {
  type: 'root';
  children: DomNode[];
  parent: null;
}

export interface DomElement extends Linked {
  /** htmlparser2's element types: `script` and `style` elements have their own. */
  type: 'tag' | 'script' | 'style';
  name: string;
  attribs: Record<string, string>;
  children: DomNode[];
}

export interface DomText extends Linked {
  type: 'text';
  data: string;
}

/** Comments and directives (`<?xml …?>`, `<!DOCTYPE …>`): never note content. */
export interface DomComment extends Linked {
  type: 'comment';
  data: string;
}

export interface DomDirective extends Linked {
  type: 'directive';
  name: string;
  data: string;
}

/** CDATA sections (XML mode only; in HTML mode the tokenizer reports them as comments). */
export interface DomCdata extends Linked {
  type: 'cdata';
  children: DomNode[];
}

export const isTag = (node: DomNode | DomDocument): node is DomElement => node.type === 'tag' || node.type === 'script' || node.type === 'style';
export const isText = (node: DomNode | DomDocument): node is DomText => node.type === 'text';

/** An htmlparser2 handler that builds the tree (as domhandler's DomHandler, without its options). */
export class DomTreeBuilder implements Partial<Handler> {
  readonly root: DomDocument;
  /** Nodes added so far (parse-enml.ts stops a parse that grows past its budget). */
  nodes: number;
  private readonly stack: DomParent[];
  /** A text or comment node still being written to (adjacent pieces merge into it). */
  private last: DomText | DomComment | null;

  constructor() {
    this.root = { type: 'root', children: [], parent: null };
    this.nodes = 0;
    this.stack = [this.root];
    this.last = null;
  }

  private add(node: DomNode): void {
    const parent = this.stack[this.stack.length - 1] as DomParent;
    const prev = parent.children[parent.children.length - 1];
    parent.children.push(node);
    if (prev) {
      node.prev = prev;
      prev.next = node;
    }
    node.parent = parent;
    this.nodes += 1;
    this.last = null;
  }

  onopentag(name: string, attribs: Record<string, string>): void {
    const type = name === 'script' ? 'script' : name === 'style' ? 'style' : 'tag';
    const element: DomElement = { type, name, attribs, children: [], parent: null, prev: null, next: null };
    this.add(element);
    this.stack.push(element);
  }

  onclosetag(): void {
    this.last = null;
    // The document itself is never popped (htmlparser2 never closes more than it opened).
    if (this.stack.length > 1) this.stack.pop();
  }

  ontext(data: string): void {
    if (this.last?.type === 'text') {
      this.last.data += data;
      return;
    }
    const text: DomText = { type: 'text', data, parent: null, prev: null, next: null };
    this.add(text);
    this.last = text;
  }

  oncomment(data: string): void {
    if (this.last?.type === 'comment') {
      this.last.data += data;
      return;
    }
    const comment: DomComment = { type: 'comment', data, parent: null, prev: null, next: null };
    this.add(comment);
    this.last = comment;
  }

  oncommentend(): void {
    this.last = null;
  }

  oncdatastart(): void {
    const text: DomText = { type: 'text', data: '', parent: null, prev: null, next: null };
    const cdata: DomCdata = { type: 'cdata', children: [text], parent: null, prev: null, next: null };
    this.add(cdata);
    text.parent = cdata;
    this.last = text;
  }

  oncdataend(): void {
    this.last = null;
  }

  onprocessinginstruction(name: string, data: string): void {
    this.add({ type: 'directive', name, data, parent: null, prev: null, next: null });
  }
}
