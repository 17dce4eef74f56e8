import { describe, expect, it } from 'vitest';
import { fillTemplate, learnTemplate, templateResponse } from './page-template';

const PAGE = '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><title>A</title><link rel="stylesheet" href="/x.css"/></head><body><div id="__next"><p>Hello</p></div></body></html>';
const HEADERS = { 'content-type': 'text/html; charset=utf-8', 'Cache-Control': 'public, max-age=60', etag: '"1"', 'x-frame-options': 'DENY', vary: 'Accept-Encoding' };

describe('page templates learnt from a rendered page', () => {
  it('cuts the parts out and fills in other parts around the same document', () => {
    const template = learnTemplate(PAGE, ['<html lang="en">', '<title>A</title>', '<p>Hello</p>'], HEADERS, ['cache-control', 'ETag']);
    expect(template).not.toBeNull();
    if (!template) return;
    expect(fillTemplate(template, ['<html lang="en">', '<title>A</title>', '<p>Hello</p>'])).toBe(PAGE);
    expect(fillTemplate(template, ['<html lang="zh-CN">', '<title>B</title>', '<p>你好</p>'])).toBe(PAGE.replace('lang="en"', 'lang="zh-CN"').replace('<title>A</title>', '<title>B</title>').replace('<p>Hello</p>', '<p>你好</p>'));
    // An empty part at fill time is simply absent from the page.
    expect(fillTemplate(template, ['<html lang="en">', '', '<p>Hello</p>'])).toBe(PAGE.replace('<title>A</title>', ''));
    // Per-page headers are not part of the template; names are lower-cased.
    expect(template.headers).toEqual({ 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY', vary: 'Accept-Encoding' });
  });

  it('refuses a part that is missing, empty, repeated or out of order', () => {
    expect(learnTemplate(PAGE, ['<html lang="fr">'], HEADERS, [])).toBeNull();
    expect(learnTemplate(PAGE, [''], HEADERS, [])).toBeNull();
    expect(learnTemplate(PAGE, ['<p>Hello</p>', '<title>A</title>'], HEADERS, [])).toBeNull();
    // "div" occurs twice (opening and closing tag): its position is ambiguous.
    expect(learnTemplate(PAGE, ['div'], HEADERS, [])).toBeNull();
    // A part inside an earlier part is not a second occurrence after it, but it is not unique either.
    expect(learnTemplate('<b>x</b><i>x</i>', ['<b>x</b>', 'x'], {}, [])).toBeNull();
  });

  it('insists on the number of parts it was learnt with', () => {
    const template = learnTemplate(PAGE, ['<title>A</title>'], HEADERS, []);
    if (!template) throw new Error('no template');
    expect(() => fillTemplate(template, ['a', 'b'])).toThrow(/1 parts, got 2/);
  });

  it('builds whole responses: shared headers plus the page\'s own', () => {
    const template = learnTemplate(PAGE, ['<p>Hello</p>'], HEADERS, ['cache-control', 'etag']);
    if (!template) throw new Error('no template');
    const response = templateResponse(template, ['<p>Bye</p>'], { 'Cache-Control': 'no-store', etag: '"2"' });
    expect(response.body.toString()).toBe(PAGE.replace('<p>Hello</p>', '<p>Bye</p>'));
    expect(response.headers).toEqual({ 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY', vary: 'Accept-Encoding', 'cache-control': 'no-store', etag: '"2"' });
  });
});
