import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCdnApi, type FakeCdnApi } from '../../test/fake-cdn-api';
import { memoryStore } from '../../test/memory-store';
import type { PurgeSite } from './affected-urls';
import { TencentCdnPurger } from '../cdn/purge-urls';
import { TOO_LARGE } from '../http/read-raw-body';
import { signWebhook, WebhookVerifier } from '../http/verify-webhook';
import type { SqliteNoteStore } from '../notes/adapters/sqlite-note-store';
import { handleShareEvents, type ShareEventDeps } from './handle-share-events';
import type { NoteShareEvent, NotebookShareEvent } from './share-event';
import { notePath } from '../notes/slug';
import { ogImagePath } from '../og/og-image-path';
import type { SharedNote } from '../notes/types';

/**
 * End to end in the lib layer: the note service revokes a share, signs the event and delivers it; the
 * webhook makes the (cached) store answer revoked and purges the CDN before it answers.
 */

const SECRET = 'e2e-secret-0123456789abcdefghijklmnopq';
const SITE: PurgeSite = { siteUrl: 'https://notes.example.com', resourceBaseUrl: null, notebookPageSize: 20, sitemapShardSize: 5000 };
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const HASH = createHash('md5').update(PNG_1x1).digest('hex');

/** The kind of read cache the HTTP adapter has: without invalidation it keeps answering the old share. */
class CachedStore {
  private readonly notes = new Map<string, SharedNote | null>();
  constructor(private readonly inner: SqliteNoteStore) {}
  async getSharedNote(shareId: string): Promise<SharedNote | null> {
    if (!this.notes.has(shareId)) this.notes.set(shareId, await this.inner.getSharedNote(shareId));
    return this.notes.get(shareId) ?? null;
  }
  invalidate(shareId: string): void {
    this.notes.delete(shareId);
  }
}

function setup(api: FakeCdnApi) {
  const { store, writer } = memoryStore();
  const { noteId } = writer.importNote({ title: '读书笔记 Reading', enml: `<en-note><en-media type="image/png" hash="${HASH}"/></en-note>`, created: '2026-01-01T00:00:00.000Z', updated: null, tags: [], author: null, sourceUrl: null, resources: [{ hash: HASH, data: PNG_1x1, mime: 'image/png', width: null, height: null, fileName: 'a.png', sourceUrl: null }] }, 'Books');
  const shareId = writer.publish(noteId, { indexable: true }) as string;
  const notebookShareId = writer.publishNotebook('Books', { indexable: true }) as string;
  const cached = new CachedStore(store);
  const deps: ShareEventDeps = {
    verifier: new WebhookVerifier({ secret: SECRET }),
    getStore: () => Promise.resolve(cached),
    purger: new TencentCdnPurger({ secretId: 'AKIDe2e', secretKey: 'e2e-key', endpoint: api.endpoint }),
    notifier: { notify: () => undefined, flush: () => Promise.resolve() },
    site: SITE,
    isProduction: true,
  };
  return { store, writer, noteId, shareId, notebookShareId, cached, deps };
}

/** Delivers like the note service: signed now, and timed from the moment the request is handed over. */
async function deliver(deps: ShareEventDeps, events: unknown[]) {
  const raw = Buffer.from(JSON.stringify({ events }));
  const started = performance.now();
  const answer = await handleShareEvents(deps, {
    method: 'POST',
    signature: signWebhook(SECRET, raw, Math.floor(Date.now() / 1000)),
    readBody: (max) => Promise.resolve(raw.length > max ? TOO_LARGE : raw),
  });
  return { answer, started, resolved: performance.now() };
}

describe('a revoke reaches every cache', () => {
  let api: FakeCdnApi;
  beforeAll(async () => {
    api = await startFakeCdnApi();
  });
  afterAll(() => api.close());

  it('note revoked: the store answers revoked next, and the CDN got the purge within 1 s, before the handler resolved', async () => {
    const { store, writer, noteId, shareId, notebookShareId, cached, deps } = setup(api);
    expect((await cached.getSharedNote(shareId))?.state).toBe('indexable');

    // The note service builds the event from what it knew before revoking: afterwards the store hides the resources.
    const live = (await store.getSharedNote(shareId)) as SharedNote;
    const { slot } = store.db.prepare<[string], { slot: number }>('SELECT rowid - 1 AS slot FROM shares WHERE share_id = ?').get(shareId) as { slot: number };
    writer.unpublish(noteId);
    expect(await store.getResource(shareId, HASH)).toBeNull();
    expect((await cached.getSharedNote(shareId))?.state).toBe('indexable');
    const event: NoteShareEvent = {
      type: 'note.revoked', shareId, title: live.title, version: live.version, resourceHashes: live.resources.map((r) => r.hash),
      indexable: true, sitemapSlot: slot, notebookShareId: live.notebookShareId ?? undefined, notebookNoteCount: 1,
    };
    api.calls.length = 0;
    const { answer, started, resolved } = await deliver(deps, [event]);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ events: 1, invalidated: 2, retry: false, purge: { ok: true, taskIds: ['task-1'] } });
    expect((await cached.getSharedNote(shareId))?.state).toBe('revoked');
    expect(api.calls).toHaveLength(1);
    const [call] = api.calls;
    expect(call?.urls).toEqual(expect.arrayContaining([
      SITE.siteUrl + notePath(shareId, '读书笔记 Reading'), `${SITE.siteUrl}/s/${shareId}`, `${SITE.siteUrl}/r/${shareId}/${HASH}`,
      SITE.siteUrl + ogImagePath({ shareId, version: live.version }), `${SITE.siteUrl}/nb/${notebookShareId}`, `${SITE.siteUrl}/sitemaps/notes-0.xml`,
    ]));
    expect(call?.receivedAt).toBeLessThan(resolved);
    expect((call?.receivedAt ?? Infinity) - started).toBeLessThan(1000);
  });

  it('notebook revoked: the listing answers revoked and its pages are purged', async () => {
    const { store, writer, notebookShareId, deps } = setup(api);
    writer.unpublishNotebook('Books');
    const event: NotebookShareEvent = { type: 'notebook.revoked', shareId: notebookShareId, noteCount: 1, indexable: true };
    api.calls.length = 0;
    const { answer, resolved } = await deliver(deps, [event]);
    expect(answer.status).toBe(200);
    expect((await store.getPublicNotebook(notebookShareId, 1, 20))?.notebook.state).toBe('revoked');
    expect(api.calls[0]?.urls).toEqual([`${SITE.siteUrl}/nb/${notebookShareId}`]);
    expect(api.calls[0]?.receivedAt).toBeLessThan(resolved);
  });
});
