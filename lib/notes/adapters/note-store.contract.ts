import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoteStore } from '../note-store';
import type { SitemapEntry } from '../types';
import { PNG_1x1, TEXT_FILE, type ContractFixture } from './contract-fixture';

export interface ContractSubject {
  store: NoteStore;
  fixture: ContractFixture;
  close: () => Promise<void>;
}

const UNKNOWN_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

async function collect(entries: AsyncIterable<SitemapEntry>): Promise<SitemapEntry[]> {
  const out: SitemapEntry[] = [];
  for await (const entry of entries) out.push(entry);
  return out;
}

/**
 * What every NoteStore adapter must do, over the data of seedContractFixture(). Read-only, so one
 * seeded store serves the whole suite. Run by contract.test.ts for each adapter.
 */
export function describeNoteStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`NoteStore contract: ${name}`, () => {
    let store: NoteStore;
    let f: ContractFixture;
    let close: () => Promise<void> = () => Promise.resolve();
    beforeAll(async () => {
      ({ store, fixture: f, close } = await open());
    });
    afterAll(() => close());

    it('getSharedNote returns the whole shared note', async () => {
      expect(await store.getSharedNote(f.pictures)).toEqual({
        shareId: f.pictures, state: 'indexable', title: 'Pictures 图片 🏔', enml: expect.stringContaining(f.pngHash) as unknown,
        created: f.updated[f.pictures], updated: f.updated[f.pictures], authorName: 'Ann', notebook: 'Travel',
        notebookShareId: f.notebook, tags: ['travel', '山'], lang: expect.any(String) as unknown, version: expect.any(String) as unknown,
        changedAt: expect.any(String) as unknown,
        resources: [
          { hash: f.pngHash, mime: 'image/png', size: PNG_1x1.length, width: 1, height: 1, fileName: '山.png' },
          { hash: f.textHash, mime: 'text/plain', size: TEXT_FILE.length, width: null, height: null, fileName: 'packing list.txt' },
        ],
      });
    });

    it('link-only notes are reachable but not linked to an indexable notebook; revoked ones stay known (410)', async () => {
      expect(await store.getSharedNote(f.linkOnly)).toMatchObject({ state: 'link-only', authorName: null, notebookShareId: null });
      expect(await store.getSharedNote(f.revoked)).toMatchObject({ shareId: f.revoked, state: 'revoked', notebookShareId: null });
    });

    it.each([['unknown id', UNKNOWN_ID], ['malformed id', 'nope'], ['empty id', ''], ['path trick', '../notes']])(
      'getSharedNote: %s is absent (null, 404)', async (_, id) => {
        expect(await store.getSharedNote(id)).toBeNull();
      });

    it('getResource returns bytes and metadata of a live share\'s resources', async () => {
      expect(await store.getResource(f.pictures, f.pngHash))
        .toEqual({ hash: f.pngHash, mime: 'image/png', size: PNG_1x1.length, width: 1, height: 1, fileName: '山.png', data: PNG_1x1 });
      expect(await store.getResource(f.pictures, f.textHash)).toMatchObject({ mime: 'text/plain', width: null, fileName: 'packing list.txt', data: TEXT_FILE });
    });

    it('getResource is absent unless the share is live and its note has the resource', async () => {
      const cases: Array<[string, string, string]> = [
        ['another share', f.published[0] as string, f.pngHash],
        ['a revoked share', f.revoked, f.textHash],
        ['an unknown hash', f.pictures, 'f'.repeat(32)],
        ['a malformed hash', f.pictures, 'PNG'],
        ['an unknown share', UNKNOWN_ID, f.pngHash],
        ['a malformed share', 'x', f.pngHash],
      ];
      for (const [label, shareId, hash] of cases) {
        expect(await store.getResource(shareId, hash), label).toBeNull();
      }
    });

    it('listIndexableNotes pages through indexable notes, newest first, with an opaque cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 10; pages += 1) {
        const page = await store.listIndexableNotes(cursor, 2);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((n) => n.shareId));
        cursor = page.nextCursor;
        if (cursor === null) break;
      }
      expect(seen).toEqual(f.newestFirst);
      const all = await store.listIndexableNotes(null, 100);
      expect(all.nextCursor).toBeNull();
      expect(all.items[1]).toEqual({ shareId: f.pictures, title: 'Pictures 图片 🏔', updated: f.updated[f.pictures], notebook: 'Travel', lang: expect.any(String) as unknown });
      expect((await store.listIndexableNotes('garbage', 100)).items.map((n) => n.shareId)).toEqual(f.newestFirst);
    });

    it('getSitemapShards lists the non-empty shards, each modified no earlier than any of its notes changed', async () => {
      const shards = await store.getSitemapShards(2);
      expect(shards.map((s) => s.shard)).toEqual([0, 1, 2, 3]);
      const [d1, d2, d3, pictures, plan] = await Promise.all(f.published.map((id) => store.getSharedNote(id)));
      const members = [[d1, d2], [d3], [pictures], [plan]];
      shards.forEach((shard, i) => {
        for (const note of members[i] ?? []) expect(shard.lastModified && note?.changedAt && shard.lastModified >= note.changedAt, `shard ${i}`).toBe(true);
      });
      const [whole] = await store.getSitemapShards(1000);
      expect(whole?.shard).toBe(0);
      expect(whole?.lastModified).toBe(shards.map((s) => s.lastModified ?? '').sort().at(-1));
    });

    it('streamSitemapShard streams each shard\'s indexable notes in publication order', async () => {
      const [d1, d2, d3, pictures, plan] = f.published;
      const shards = await Promise.all([0, 1, 2, 3, 4].map(async (s) => (await collect(store.streamSitemapShard(s, 2))).map((e) => e.shareId)));
      expect(shards).toEqual([[d1, d2], [d3], [pictures], [plan], []]);
      const [entry] = await collect(store.streamSitemapShard(2, 2));
      // An entry's lastmod is its page's change time (lib/notes/page-version.ts), not the note's own date.
      expect(entry).toEqual({ shareId: f.pictures, title: 'Pictures 图片 🏔', lastModified: (await store.getSharedNote(f.pictures))?.changedAt, imageHashes: [f.pngHash] });
      expect((await collect(store.streamSitemapShard(0, 1000))).map((e) => e.shareId)).toEqual(f.published);
    });

    it('getPublicNotebook serves numbered pages, newest first, and an empty page past the end', async () => {
      const first = await store.getPublicNotebook(f.notebook, 1, 3);
      expect(first?.notebook).toEqual({ shareId: f.notebook, state: 'indexable', name: 'Travel', updated: f.updated[f.pictures], noteCount: 4, changedAt: expect.any(String) as unknown, version: expect.any(String) as unknown });
      expect(first?.notes.map((n) => n.shareId)).toEqual(f.notebookNotes.slice(0, 3));
      expect(first).toMatchObject({ page: 1, pageCount: 2 });
      expect(await store.getPublicNotebook(f.notebook, 2, 3)).toMatchObject({ page: 2, pageCount: 2, notes: [{ shareId: f.notebookNotes[3] }] });
      expect(await store.getPublicNotebook(f.notebook, 3, 3)).toMatchObject({ page: 3, pageCount: 2, notes: [] });
    });

    it('getIndexableNotesPage serves numbered pages of the indexable notes, newest first, and an empty page past the end', async () => {
      expect(await store.getIndexableNotesPage(1, 2)).toMatchObject({ page: 1, pageCount: 3, total: 5, notes: f.newestFirst.slice(0, 2).map((shareId) => ({ shareId })) });
      expect((await store.getIndexableNotesPage(3, 2)).notes.map((n) => n.shareId)).toEqual(f.newestFirst.slice(4));
      expect(await store.getIndexableNotesPage(4, 2)).toMatchObject({ page: 4, pageCount: 3, notes: [] });
      expect((await store.getIndexableNotesPage(1, 100)).notes.map((n) => n.shareId)).toEqual(f.newestFirst);
    });

    it('listIndexableNotebooks lists live indexable notebooks with the same figures as their pages', async () => {
      const notebooks = await store.listIndexableNotebooks(10);
      expect(notebooks).toEqual([(await store.getPublicNotebook(f.notebook, 1, 3))?.notebook]);
      expect(await store.listIndexableNotebooks(1)).toHaveLength(1);
    });

    it('getPublicNotebook: revoked notebooks stay known with no notes (410); unknown ones are absent', async () => {
      expect(await store.getPublicNotebook(f.revokedNotebook, 1, 3)).toMatchObject({ notebook: { state: 'revoked', noteCount: 0 }, notes: [], pageCount: 1 });
      expect(await store.getPublicNotebook(UNKNOWN_ID, 1, 3)).toBeNull();
      expect(await store.getPublicNotebook('nope', 1, 3)).toBeNull();
    });
    it.each<[string, string, (f: ContractFixture) => string[]]>([
      ['a two-character Chinese word inside a longer run', '第三', (x) => [x.notebookNotes[1] as string]],
      ['the end of a Chinese run', '三天', (x) => [x.notebookNotes[1] as string]],
      ['one Chinese character', '天', (x) => [x.notebookNotes[1] as string]],
      ['Chinese in a title with other scripts', '图片', (x) => [x.pictures]],
      ['any letter case, as a prefix', 'PICT', (x) => [x.pictures]],
      // bm25: the shorter titles match better; equal ones newest first.
      ['every match, best first', 'day', (x) => [x.notebookNotes[2], x.notebookNotes[3], x.notebookNotes[1]] as string[]],
      ['every word, narrowing', 'day 第三', (x) => [x.notebookNotes[1] as string]],
      ['a link-only note of an indexable notebook: never', 'secret', () => []],
      ['a revoked note: never', 'gone', () => []],
      ['a note of another notebook: never', 'plan', () => []],
      ['FTS syntax is only words', 'day OR plan', () => []],
      ['quotes and operators are only words', '"day" NEAR(1) title_terms:* -x', () => []],
      ['punctuation only', '!!! ???', () => []],
    ])('searchNotebook: %s (%s)', async (_, query, expected) => {
      const found = await store.searchNotebook(f.notebook, query, 1, 10);
      expect(found?.hits.map((h) => h.shareId)).toEqual(expected(f));
      expect(found).toMatchObject({ query, page: 1, total: expected(f).length, notebook: { shareId: f.notebook, state: 'indexable' } });
    });

    it('searchNotebook pages through results and gives a plain-text snippet', async () => {
      const first = await store.searchNotebook(f.notebook, 'day', 1, 2);
      expect(first).toMatchObject({ total: 3, page: 1, pageCount: 2, hits: [{ shareId: f.notebookNotes[2], title: 'Day 2', snippet: 'Day 2' }, { shareId: f.notebookNotes[3] }] });
      expect((await store.searchNotebook(f.notebook, 'day', 2, 2))?.hits).toEqual([{
        shareId: f.notebookNotes[1], title: 'Day 3 · 第三天', snippet: 'Day 3 · 第三天', updated: f.updated[f.notebookNotes[1] as string], notebook: 'Travel', lang: expect.any(String) as unknown,
      }]);
      expect(await store.searchNotebook(f.notebook, 'day', 3, 2)).toMatchObject({ hits: [], total: 3, pageCount: 2 });
    });

    it('searchNotebook: revoked notebooks find nothing; unknown ones are absent', async () => {
      expect(await store.searchNotebook(f.revokedNotebook, 'plan', 1, 10)).toMatchObject({ notebook: { state: 'revoked' }, hits: [], total: 0, pageCount: 1 });
      expect(await store.searchNotebook(UNKNOWN_ID, 'day', 1, 10)).toBeNull();
      expect(await store.searchNotebook('nope', 'day', 1, 10)).toBeNull();
    });
  });
}
