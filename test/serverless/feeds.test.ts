import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, requireFunctionPackage, seededDatabase, type Server } from './harness';
import { notesCli, startWebFunction } from './split-setup';

/**
 * Atom feeds' <updated> only moves forward: revoking the newest entry of the site feed and of its
 * notebook's feed moves both forward (the entry leaves; the feed changed) and leaves other notebooks'
 * feeds as they were, through the packaged function and the publishing CLI, as an operator would.
 */
const SITE = 'https://notes.example.com';

interface Feed { updated: string; ids: string[] }

/** A fresh connection per request: the CLI runs between requests can outlast the server's keep-alive. */
function getText(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function feed(base: string, path: string): Promise<Feed> {
  const res = await getText(base + path);
  expect(res.status, path).toBe(200);
  const xml = res.text;
  return { updated: /<feed[^]*?<updated>([^<]+)<\/updated>/.exec(xml)?.[1] ?? '', ids: [...xml.matchAll(/<entry[^>]*>\s*<id>([^<]+)<\/id>/g)].map((m) => m[1] ?? '') };
}

describe('feeds: <updated> is monotonic', () => {
  let db: { dir: string; dbPath: string };
  let fn: Server;

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    fn = await startWebFunction({ NOTES_DB_PATH: db.dbPath, SITE_URL: SITE, DEPLOY_ENV: 'production' });
  });

  afterAll(async () => {
    await fn?.stop();
    if (db) removeDir(db.dir);
  });

  it('revoking the newest entry moves the site feed and its notebook feed forward, never back, and no other notebook feed', async () => {
    const site = await feed(fn.url, '/feeds/notes.xml');
    const newest = site.ids[0] ?? '';
    const shareId = newest.slice(`${SITE}/s/`.length);
    const notes = JSON.parse(notesCli(db.dbPath, ['list', '--json'])) as Array<{ noteId: string; shareId: string | null }>;
    const noteId = notes.find((n) => n.shareId === shareId)?.noteId ?? '';
    const notebooks = JSON.parse(notesCli(db.dbPath, ['notebooks', '--json'])) as Array<{ shareId: string | null }>;
    const notebookFeeds: Array<[string, Feed]> = [];
    const otherFeeds: Array<[string, Feed]> = [];
    for (const { shareId: id } of notebooks.filter((n) => n.shareId)) {
      const before = await feed(fn.url, `/feeds/nb/${id}.xml`);
      (before.ids.includes(newest) ? notebookFeeds : otherFeeds).push([`/feeds/nb/${id}.xml`, before]);
    }
    expect(otherFeeds.length).toBeGreaterThan(0);
    expect(noteId).not.toBe('');
    expect(notebookFeeds.length).toBe(1);

    notesCli(db.dbPath, ['unpublish', noteId]);

    const after = await feed(fn.url, '/feeds/notes.xml');
    expect(after.ids).not.toContain(newest);
    expect(after.updated > site.updated, `${after.updated} after ${site.updated}`).toBe(true);
    for (const [path, before] of notebookFeeds) {
      const now = await feed(fn.url, path);
      expect(now.ids).not.toContain(newest);
      expect(now.updated > before.updated, `${path}: ${now.updated} after ${before.updated}`).toBe(true);
    }
    // Other notebooks' feeds did not change, so their <updated> stays.
    for (const [path, before] of otherFeeds) expect((await feed(fn.url, path)).updated, path).toBe(before.updated);
  });
});
