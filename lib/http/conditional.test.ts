import { describe, expect, it } from 'vitest';
import { canonicalRedirect } from '../notes/canonical-redirect';
import { isNotModified } from './conditional';

const validators = { etag: '"3.1-abc"', lastModified: new Date('2026-10-20T10:10:10Z') };

describe('isNotModified', () => {
  it.each([
    [{ 'if-none-match': '"3.1-abc"' }, true],
    [{ 'if-none-match': 'W/"3.1-abc"' }, true],
    [{ 'if-none-match': '"x", "3.1-abc"' }, true],
    [{ 'if-none-match': '*' }, true],
    [{ 'if-none-match': '"3.0-abc"' }, false],
    [{ 'if-none-match': 'garbage' }, false],
    [{ 'if-modified-since': 'Tue, 20 Oct 2026 10:10:10 GMT' }, true],
    [{ 'if-modified-since': 'Tue, 20 Oct 2026 10:10:09 GMT' }, false],
    [{ 'if-modified-since': 'not a date' }, false],
    [{ 'if-none-match': '"other"', 'if-modified-since': 'Tue, 20 Oct 2030 10:10:10 GMT' }, false],
    [{}, false],
  ])('%j -> %s', (headers, expected) => {
    expect(isNotModified(headers, validators)).toBe(expected);
  });
});

describe('canonicalRedirect', () => {
  const canonical = '/s/abc/%E5%91%A8%E6%9C%AB';
  it.each([
    ['/s/abc/%E5%91%A8%E6%9C%AB', null],
    ['/s/abc/%e5%91%a8%e6%9c%ab', canonical],
    ['/s/abc/%E5%91%A8%E6%9C%AB/', canonical],
    ['/s/abc/old-title', canonical],
    ['/s/abc/%E5%91%A8%E6%9C%AB?utm_source=wechat&utm_medium=x', canonical],
    ['/s/abc/%E5%91%A8%E6%9C%AB?from=singlemessage&isappinstalled=0', canonical],
    ['/s/abc/%E5%91%A8%E6%9C%AB?page=2&utm_source=x', `${canonical}?page=2`],
    ['/s/abc/%E5%91%A8%E6%9C%AB?page=2', null],
  ])('%s -> %s', (url, expected) => {
    expect(canonicalRedirect(url, canonical)).toBe(expected);
  });
});
