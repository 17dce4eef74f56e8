import { describe, expect, it } from 'vitest';
import { normalizeHeadings } from './normalize-headings';
import { parseEnml } from './parse-enml';
import type { EnmlNode } from './types';

const levels = (nodes: EnmlNode[]): string[] => nodes.flatMap((n) => (n.kind === 'element' ? [n.tag, ...levels(n.children)] : [])).filter((t) => /^h\d$/.test(t));

describe('normalizeHeadings', () => {
  it.each([
    ['<h1>a</h1><h2>b</h2><h3>c</h3>', ['h2', 'h3', 'h4']],
    ['<h3>a</h3><h1>b</h1>', ['h2', 'h2']],
    ['<h1>a</h1><h4>b</h4>', ['h2', 'h3']],
    ['<div><h2>a</h2></div><h6>b</h6><h6>c</h6>', ['h2', 'h3', 'h4']],
  ])('%s -> %j', (body, expected) => {
    expect(levels(normalizeHeadings(parseEnml(`<en-note>${body}</en-note>`).nodes))).toEqual(expected);
  });
});
