import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../../test/paths';
import type { NoteStore } from '../../note-store';
import type { NotebookPage, NotebookSearchHit, NotebookSearchPage, NoteSummary, Page, PublicNotebook, ResourceMeta, SharedNote, SitemapEntry, SitemapShard, NotesPage, ChangeFeed, ShareChange } from '../../types';
import { apiPaths, RESOURCE_HEADERS } from './contract';

/** A drift guard between openapi/note-service.yaml, the domain types and the shared path builders. */
const spec = readFileSync(join(repoRoot, 'openapi/note-service.yaml'), 'utf8');

/** `keys({...})` only compiles when the literal names every key of T and nothing else. */
const keys = <T>(all: Record<keyof T, true>): string[] => Object.keys(all);

function requiredOf(schema: string): string[] {
  const match = new RegExp(`^    ${schema}:\\n      type: object\\n      required: \\[([^\\]]*)\\]`, 'm').exec(spec);
  return match?.[1]?.split(',').map((s) => s.trim()) ?? [];
}

describe('openapi/note-service.yaml', () => {
  it('has one operation per NoteStore read method', () => {
    // invalidate and getShareVersion are local (cache control, a cheaper read the HTTP adapter's cache makes moot).
    const methods = keys<Omit<NoteStore, 'invalidate' | 'getShareVersion'>>({
      getSharedNote: true, getResource: true, listIndexableNotes: true, getIndexableNotesPage: true, listIndexableNotebooks: true, getSitemapShards: true, streamSitemapShard: true, getPublicNotebook: true, searchNotebook: true,
      getChanges: true,
    });
    expect([...spec.matchAll(/operationId: (\w+)/g)].map((m) => m[1]).sort()).toEqual(methods.sort());
  });

  it.each<[string, string[]]>([
    // changedAt (SharedNote, PublicNotebook) came later, so it is optional on the wire (a missing one reads as null).
    ['SharedNote', keys<Omit<SharedNote, 'changedAt'>>({ shareId: true, state: true, title: true, enml: true, created: true, updated: true, authorName: true, notebook: true, notebookShareId: true, tags: true, lang: true, resources: true, version: true })],
    ['ResourceMeta', keys<ResourceMeta>({ hash: true, mime: true, size: true, width: true, height: true, fileName: true })],
    ['NoteSummary', keys<NoteSummary>({ shareId: true, title: true, updated: true, notebook: true, lang: true })],
    ['NoteSummaryPage', keys<Page<NoteSummary>>({ items: true, nextCursor: true })],
    ['SitemapShard', keys<SitemapShard>({ shard: true, lastModified: true })],
    ['SitemapEntry', keys<SitemapEntry>({ shareId: true, title: true, lastModified: true, imageHashes: true })],
    ['PublicNotebook', keys<Omit<PublicNotebook, 'changedAt'>>({ shareId: true, state: true, name: true, updated: true, noteCount: true, version: true })],
    ['NotesPage', keys<NotesPage>({ notes: true, page: true, pageCount: true, total: true })],
    ['NotebookPage', keys<NotebookPage>({ notebook: true, notes: true, page: true, pageCount: true })],
    ['NotebookSearchHit', keys<NotebookSearchHit>({ shareId: true, title: true, updated: true, notebook: true, lang: true, snippet: true })],
    ['NotebookSearchPage', keys<NotebookSearchPage>({ notebook: true, query: true, hits: true, total: true, page: true, pageCount: true })],
    ['ChangeFeed', keys<ChangeFeed>({ logId: true, head: true, changes: true, reset: true })],
    ['ShareChange', keys<ShareChange>({ seq: true, shareId: true })],
  ])('schema %s requires exactly the fields of the domain type', (schema, fields) => {
    expect(requiredOf(schema).sort()).toEqual(fields.sort());
  });

  it('documents the optional fields added to the contract later', () => {
    expect(spec).toContain("\n        changedAt:\n");
  });

  it('documents every resource header and every path the adapter calls', () => {
    for (const name of Object.values(RESOURCE_HEADERS)) expect(spec.toLowerCase()).toContain(`${name}:`);
    const id = 'A'.repeat(22);
    for (const path of [apiPaths.note(id), apiPaths.resource(id, '0'.repeat(32)), apiPaths.notes(null, 1), apiPaths.sitemapShards(1), apiPaths.sitemapShard(0, 1), apiPaths.notebook(id, 1, 1), apiPaths.notebookSearch(id, 'q', 1, 1), apiPaths.notesPage(2, 1), apiPaths.notebooks(1), apiPaths.changes(null, 1)]) {
      const template = path.split('?')[0]?.replace(id, '{shareId}').replace('0'.repeat(32), '{hash}').replace(/\/0$/, '/{shard}').replace(/\/pages\/2$/, '/pages/{page}');
      const documented = template?.replace(/^\/v1\/notebooks\/\{shareId\}/, '/v1/notebooks/{notebookShareId}');
      expect(spec).toContain(`\n  ${documented}:\n`);
    }
  });
});
