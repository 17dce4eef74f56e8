import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../lib/enml/extract-text';
import { openDatabase } from '../../lib/notes/adapters/sqlite-note-store';
import { MAX_TITLE_WIDTH } from '../../lib/seo/page-title';
import { seeded } from '../seeded-random';
import { functionDir, removeDir, requireFunctionPackage } from './harness';
import { generateSite, type GeneratedSite } from './generated-site';

/**
 * A crawler's view of a generated 10,000-note site, served by the function package: every
 * indexable URL is reachable by plain links within four clicks of `/`, is in exactly one sitemap,
 * and every sitemap URL is indexable, canonical and 200; every cacheable response has a validator
 * and honours it; pages are in the right language. Listing pages are all fetched; note pages are
 * sampled (their links and sitemap entries are all checked), which keeps the run to seconds.
 */
const NOTES = Number(process.env.CRAWL_NOTES ?? 10_000);
const NOTEBOOKS = 40;
/** The landing pages are built with this origin (lib/config.ts's default at build time). */
const SITE = 'http://localhost:3000';
const MAX_CLICKS = 4;
const SAMPLED_NOTES = 40;
/** Generous: on a loaded machine a note page can take a second; on an idle one the file runs in about a minute. */
const STEP_TIMEOUT = 600_000;

interface Page { status: number; headers: Headers; body: string }

let server: ChildProcess;
let base = '';
let dir = '';
let site: GeneratedSite;

async function get(path: string, headers: Record<string, string> = {}): Promise<Page> {
  const res = await fetch(base + path, { redirect: 'manual', headers });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** Site-relative path of an absolute URL on SITE. */
function local(url: string): string {
  expect(url.startsWith(SITE), url).toBe(true);
  return url.slice(SITE.length) || '/';
}

function links(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*?\bhref="([^"]+)"/g)].map((m) => (m[1] as string).replace(/&amp;/g, '&'))
    .filter((href) => href.startsWith('/') && !href.startsWith('//'));
}

function canonicalOf(html: string): string | null {
  return /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;
}

const isNote = (path: string): boolean => /^\/s\/[A-Za-z0-9_-]{22}\/[^/?]+$/.test(path);
/** What a crawler follows: pages, not files, feeds or API routes. */
const isPage = (path: string): boolean => !/^\/(r|og|qr|feeds|api|_next)\//.test(path) && !/\.(svg|png|xml|txt|js)$/.test(path);

describe('a crawl of a generated site', () => {
  const depth = new Map<string, number>();
  const fetched = new Map<string, Page>();
  const sitemapUrls: string[] = [];

  beforeAll(async () => {
    requireFunctionPackage();
    dir = mkdtempSync(join(tmpdir(), 'crawl-'));
    chmodSync(dir, 0o777);
    const dbPath = join(dir, 'notes.db');
    const db = openDatabase(dbPath);
    site = generateSite(db, { notes: NOTES, notebooks: NOTEBOOKS });
    db.close();
    server = spawn(process.execPath, [join(functionDir, 'app-server.js')], {
      cwd: functionDir,
      env: { ...process.env, PORT: '0', HOSTNAME: '127.0.0.1', NOTES_DB_PATH: dbPath, NOTES_SEED_DEMO: 'false', DEPLOY_ENV: 'production', SITE_URL: SITE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    base = await new Promise<string>((resolve, reject) => {
      server.stdout?.on('data', (d: Buffer) => {
        output += d.toString();
        const origin = /listening on (http:\/\/[^\s]+)/.exec(output)?.[1];
        if (origin) resolve(origin);
      });
      server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    });

    // Breadth-first from the home page, as a crawler without JavaScript follows plain links.
    depth.set('/', 0);
    let frontier = ['/'];
    for (let clicks = 0; frontier.length > 0 && clicks <= MAX_CLICKS + 1; clicks += 1) {
      const next: string[] = [];
      for (const path of frontier) {
        // Notes are leaves: their links are checked on the sampled ones below.
        if (isNote(path)) continue;
        const page = await get(path);
        fetched.set(path, page);
        if (page.status !== 200 || !/text\/html/.test(page.headers.get('content-type') ?? '')) continue;
        for (const href of links(page.body)) {
          if (!isPage(href) || depth.has(href)) continue;
          depth.set(href, clicks + 1);
          next.push(href);
        }
      }
      frontier = next;
    }

    const index = await get('/sitemap.xml');
    for (const loc of [...index.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] as string)) {
      const sitemap = await get(local(loc.replace(/&amp;/g, '&')));
      expect(sitemap.status, loc).toBe(200);
      sitemapUrls.push(...[...sitemap.body.matchAll(/<url><loc>([^<]+)<\/loc>/g)].map((m) => local((m[1] as string).replace(/&amp;/g, '&'))));
    }
  }, 600_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    removeDir(dir);
  });

  const indexableNotes = (): string[] => [...depth.keys()].filter(isNote);

  it('reaches every indexable note by plain links within four clicks of the home page', () => {
    const notes = indexableNotes();
    expect(notes).toHaveLength(site.indexable);
    expect(Math.max(...notes.map((path) => depth.get(path) as number))).toBeLessThanOrEqual(MAX_CLICKS);
    // Links are canonical: locale-free, and never a redirect.
    for (const [path, page] of fetched) expect(page.status, path).toBe(200);
    expect([...depth.keys()].filter((path) => /^\/en\/(s|nb)\//.test(path))).toEqual([]);
  });

  it('lists every indexable page in exactly one sitemap, and only those', () => {
    expect(new Set(sitemapUrls).size).toBe(sitemapUrls.length);
    const indexable = [...depth.keys()].filter((path) => isNote(path) || (fetched.get(path)?.status === 200 && !/noindex/.test(fetched.get(path)?.headers.get('x-robots-tag') ?? '')));
    expect([...sitemapUrls].sort()).toEqual([...indexable].sort());
    for (const id of [...site.linkOnly, ...site.revoked]) expect(sitemapUrls.some((url) => url.includes(id))).toBe(false);
  });

  it('serves every sitemap URL with 200, indexable and canonical (all listing pages, a sample of notes)', async () => {
    const random = seeded(4);
    const notes = sitemapUrls.filter(isNote);
    const sample = [...sitemapUrls.filter((url) => !isNote(url)), ...Array.from({ length: SAMPLED_NOTES }, () => notes[Math.floor(random() * notes.length)] as string)];
    for (const path of sample) {
      const page = fetched.get(path) ?? await get(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('x-robots-tag') ?? '', path).not.toMatch(/noindex/);
      expect(page.body, path).not.toMatch(/<meta name="robots" content="noindex/);
      expect(canonicalOf(page.body), path).toBe(`${SITE}${path === '/' ? '/' : path}`);
    }
  }, STEP_TIMEOUT);

  it('gives every cacheable response a validator and honours it with 304', async () => {
    // A notebook with a second page.
    const notebook = (sitemapUrls.find((url) => /^\/nb\/[^?]+\?page=2$/.test(url)) as string).replace(/\?page=2$/, '');
    const note = sitemapUrls.find(isNote) as string;
    const noteHtml = (await get(note)).body;
    const og = local(/<meta property="og:image" content="([^"]+)"/.exec(noteHtml)?.[1] ?? '');
    const shareId = note.split('/')[2] as string;
    const paths = ['/', '/en', '/features', '/en/download', '/explore', '/en/explore?page=2', notebook, `${notebook}?page=2`, note, '/robots.txt', '/sitemap.xml',
      '/sitemaps/pages.xml', '/sitemaps/notebooks.xml', '/sitemaps/notes-0.xml', '/feeds/notes.xml', `/feeds/nb/${notebook.slice(4)}.xml`, og, `/qr/${shareId}.svg`];
    for (const path of paths) {
      const first = await get(path);
      expect(first.status, path).toBe(200);
      // Notebook pages included: their one script is allowed by URL, so no nonce keeps them private.
      expect(first.headers.get('cache-control') ?? '', path).toMatch(/^public, (?:.*, )?max-age=\d+/);
      expect(first.headers.get('content-security-policy') ?? '', path).not.toContain('nonce-');
      const etag = first.headers.get('etag');
      expect(etag, path).toMatch(/^(W\/)?"[^"]+"$/);
      const again = await get(path, { 'If-None-Match': etag as string });
      expect(again.status, path).toBe(304);
      expect(again.body, path).toBe('');
    }
  }, STEP_TIMEOUT);

  it('answers every spelling of a page with one cacheable 301 to its canonical URL', async () => {
    const notes = sitemapUrls.filter(isNote);
    const latin = notes.find((url) => /^\/s\/[^/]+\/[a-z0-9-]+$/.test(url)) as string;
    const cjk = notes.find((url) => url.includes('%E')) as string;
    const notebook = sitemapUrls.find((url) => /^\/nb\/[^?]+\?page=2$/.test(url)) as string;
    const variants = (canonical: string): string[] => {
      const [path, query] = canonical.split('?') as [string, string | undefined];
      const q = query ? `?${query}` : '';
      const and = (extra: string): string => `${path}${q ? `${q}&` : '?'}${extra}`;
      const list = [`${path === '/' ? '' : path}/${q}`, and('utm_source=x&utm_medium=y'), and('foo=bar'), and('fbclid=1'),
        `/${path}${q}`, `${path.replace(/\/([^/]*)$/, '//$1')}${q}`, `${path === '/' ? '' : path}//${q}`];
      if (/^\/(s|nb)\//.test(path)) list.push(`/en${path}${q}`, `/EN${path}/${q}`, `/zh-CN${path}${q}`, `/en${path}/${q ? `${q}&` : '?'}utm_source=x`);
      else list.push(path.startsWith('/en') ? `/EN${path.slice(3)}/${q}` : `/zh-CN${path === '/' ? '' : path}${q}`);
      if (path.startsWith('/s/')) list.push(path.replace(/\/[^/]+$/, ''), path.replace(/\/[^/]+$/, '/'), path.replace(/\/[^/]+$/, '/stale-slug'), `${path}/x`);
      return list.filter((variant) => variant !== canonical);
    };
    for (const canonical of ['/', '/features', '/en/download', '/explore?page=2', '/en/explore', notebook, notebook.replace(/\?page=2$/, ''), latin, cjk]) {
      for (const variant of variants(canonical)) {
        const first = await get(variant);
        expect(first.status, variant).toBe(301);
        expect(local(new URL(first.headers.get('location') ?? '', SITE).href), variant).toBe(canonical);
        expect(first.headers.get('cache-control') ?? '', variant).toMatch(/^public, max-age=[1-9]\d*, s-maxage=\d+/);
        expect((fetched.get(canonical) ?? await get(canonical)).status, canonical).toBe(200);
      }
      // WeChat's share markers are the one exception: the redirect is kept by nobody (docs/wechat.md).
      const marked = await get(`${canonical}${canonical.includes('?') ? '&' : '?'}from=timeline&isappinstalled=0`);
      if (canonical.startsWith('/s/') || canonical.startsWith('/nb/')) expect(marked.headers.get('cache-control'), canonical).toMatch(/no-store/);
      expect(marked.status, canonical).toBe(301);
    }
  }, STEP_TIMEOUT);

  it('keeps every title within 60 display columns: listings, landing pages, notes, searches and status pages', async () => {
    const notebook = site.notebooks[0] as string;
    const others = ['/no-such-page', `/s/${site.revoked[0] ?? ''}/x`, `/nb/${notebook}?q=${'long query '.repeat(20)}`, `/nb/${notebook}?q=${'周末'.repeat(40)}`, ...indexableNotes().slice(0, SAMPLED_NOTES)];
    for (const path of [...fetched.keys(), ...others]) {
      const page = fetched.get(path) ?? await get(path);
      if (!/text\/html/.test(page.headers.get('content-type') ?? '')) continue;
      const title = /<title[^>]*>([^<]*)<\/title>/.exec(page.body)?.[1] ?? '';
      expect(title.length, path).toBeGreaterThan(0);
      expect(displayWidth(title.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'")), `${path}: ${title}`).toBeLessThanOrEqual(MAX_TITLE_WIDTH);
    }
  }, STEP_TIMEOUT);

  it('puts every sampled note in its own language, never Chinese chrome for Latin text', async () => {
    const random = seeded(9);
    const notes = indexableNotes();
    for (let i = 0; i < 20; i += 1) {
      const path = notes[Math.floor(random() * notes.length)] as string;
      const page = await get(path);
      const expected = site.langs.get(path.split('/')[2] as string);
      expect(/<html lang="([^"]+)"/.exec(page.body)?.[1], path).toBe(expected);
      expect(page.headers.get('content-language'), path).toBe(expected);
      expect(/<meta property="og:locale" content="([^"]+)"/.exec(page.body)?.[1], path).toMatch(new RegExp(`^${(expected ?? '').split('-')[0] ?? ''}_[A-Z]{2}$`));
      expect(/<title[^>]*>([^<]*)<\/title>/.exec(page.body)?.[1]?.length ?? 0, path).toBeGreaterThan(0);
      expect(page.body, path).toMatch(/<meta name="description" content="[^"]+"/);
    }
    // Chrome language of /en pages is English, of unprefixed pages Chinese.
    expect((await get('/en/explore')).body).toMatch(/<html lang="en"/);
    expect((await get('/explore')).body).toMatch(/<html lang="zh-CN"/);
  }, STEP_TIMEOUT);
});
