import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { pageLastModified, pageValidators, renderStamp, type RenderStamp } from './page-version';

const BUILT = new Date('2026-06-01T00:00:00.000Z');
const STAMP: RenderStamp = { id: 'b1.cfg', builtAt: BUILT };
const share = { version: '3.2.abcdefgh', changedAt: '2026-07-01T10:00:00.000Z', updated: '2026-01-01T00:00:00.000Z', created: '2025-12-01T00:00:00.000Z' };

describe('pageValidators', () => {
  it.each([
    ['the share changed after the build', share, '2026-07-01T10:00:00.000Z'],
    ['the build is newer than every share change', { ...share, changedAt: '2026-02-01T00:00:00.000Z' }, BUILT.toISOString()],
    ['no change time from an older service: updated', { ...share, changedAt: null, updated: '2026-08-01T00:00:00.000Z' }, '2026-08-01T00:00:00.000Z'],
    ['nothing but created', { ...share, changedAt: null, updated: null, created: '2026-09-01T00:00:00.000Z' }, '2026-09-01T00:00:00.000Z'],
    ['no dates at all: the build', { ...share, changedAt: null, updated: null, created: null }, BUILT.toISOString()],
    ['an unparseable date: the build', { ...share, changedAt: 'yesterday' }, BUILT.toISOString()],
  ])('Last-Modified when %s', (_, input, expected) => {
    expect(pageValidators(input, STAMP).lastModified?.toISOString()).toBe(expected);
  });

  it('no build time and no dates: no Last-Modified', () => {
    expect(pageLastModified({ changedAt: null, updated: null, created: null }, { id: 'x', builtAt: null })).toBeNull();
  });

  it('the ETag changes with the share version and with the render stamp, and only then', () => {
    const etag = pageValidators(share, STAMP).etag;
    expect(etag).toBe('"3.2.abcdefgh-b1.cfg"');
    expect(pageValidators({ ...share, changedAt: '2030-01-01T00:00:00.000Z' }, STAMP).etag).toBe(etag);
    expect(pageValidators({ ...share, version: '3.2.zzzzzzzz' }, STAMP).etag).not.toBe(etag);
    expect(pageValidators(share, { ...STAMP, id: 'b2.cfg' }).etag).not.toBe(etag);
  });

  it.each([
    ['a quote', 'v"1'], ['a space', 'v 1'], ['a comma', 'v,1'], ['a control character', 'v\u00001'], ['200 characters', 'x'.repeat(200)], ['non-ASCII', '版本1'],
  ])('a service version with %s still makes a valid, distinct entity tag', (_, version) => {
    const { etag } = pageValidators({ ...share, version }, STAMP);
    expect(etag).toMatch(/^"[\x21\x23-\x7e]+"$/);
    expect(etag).not.toBe(pageValidators({ ...share, version: `${version}x` }, STAMP).etag);
  });
});

describe('renderStamp', () => {
  const base = { NOTE_STORE: 'sqlite', APP_BUILD_ID: 'abc123', APP_BUILD_TIME: '2026-06-01T00:00:00Z' };
  it.each([
    ['the build', { APP_BUILD_ID: 'def456' }],
    ['the site URL', { SITE_URL: 'https://other.example.com' }],
    ['the site name', { SITE_NAME: 'Other' }],
    ['the deployment (noindex outside production)', { DEPLOY_ENV: 'production' }],
    ['the app deep link', { APP_OPEN_URL_TEMPLATE: 'notes://open/{shareId}' }],
    ['the image loader', { IMAGE_LOADER: 'cos' }],
  ])('changes with %s', (_, change) => {
    expect(renderStamp(loadConfig({ ...base, ...change })).id).not.toBe(renderStamp(loadConfig(base)).id);
  });

  it('does not change with settings the page does not show (cache sizes, timeouts)', () => {
    expect(renderStamp(loadConfig({ ...base, PAGE_CACHE_ENTRIES: '5', NOTE_SERVICE_TIMEOUT_MS: '10' })).id).toBe(renderStamp(loadConfig(base)).id);
  });

  it('carries the build time, and refuses a malformed one naming the variable', () => {
    expect(renderStamp(loadConfig(base)).builtAt?.toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(() => loadConfig({ ...base, APP_BUILD_TIME: 'last tuesday' })).toThrow(/APP_BUILD_TIME/);
  });
});
