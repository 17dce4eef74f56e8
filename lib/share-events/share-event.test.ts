import { describe, expect, it } from 'vitest';
import { MAX_EVENTS, MAX_RESOURCE_HASHES, parseShareEvents } from './share-event';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const NB = 'BBBBBBBBBBBBBBBBBBBBBB';
const HASH = '0123456789abcdef0123456789abcdef';
const note = { type: 'note.revoked', shareId: ID, title: '笔记', version: '3.2', resourceHashes: [HASH], indexable: true, sitemapSlot: 7 };
const notebook = { type: 'notebook.updated', shareId: NB, noteCount: 41, indexable: false };
const body = (...events: unknown[]) => ({ events });

describe('parseShareEvents', () => {
  it('accepts a full note event and normalises hashes to lower case', () => {
    const result = parseShareEvents(body({ ...note, type: 'note.updated', previousTitle: 'Old', previousVersion: '3.1', notebookShareId: NB, notebookNoteCount: 12, resourceHashes: [HASH.toUpperCase()] }));
    expect(result).toEqual({ ok: true, events: [{ ...note, type: 'note.updated', previousTitle: 'Old', previousVersion: '3.1', notebookShareId: NB, notebookNoteCount: 12, resourceHashes: [HASH] }] });
  });

  const good: Array<{ name: string; input: unknown }> = [
    { name: 'a revoke with the fields it must carry', input: body(note) },
    { name: 'a link-only note without a sitemap slot', input: body({ ...note, indexable: false, sitemapSlot: undefined }) },
    { name: 'optional fields sent as null', input: body({ ...note, previousTitle: null, notebookShareId: null, notebookNoteCount: null }) },
    { name: 'an empty title (the page says Untitled)', input: body({ ...note, title: '' }) },
    { name: 'a note without resources', input: body({ ...note, resourceHashes: [] }) },
    { name: 'unknown extra fields (the sender may add some first)', input: body({ ...note, revokedAt: '2026-01-01T00:00:00Z' }) },
    { name: 'a notebook event', input: body(notebook) },
    { name: 'every event type at once', input: body(...['published', 'updated', 'revoked'].flatMap((verb) => [{ ...note, type: `note.${verb}` }, { ...notebook, type: `notebook.${verb}` }])) },
    { name: `${MAX_EVENTS} events`, input: body(...Array.from({ length: MAX_EVENTS }, () => note)) },
    { name: `${MAX_RESOURCE_HASHES} resources`, input: body({ ...note, resourceHashes: Array.from({ length: MAX_RESOURCE_HASHES }, () => HASH) }) },
  ];

  it.each(good)('accepts $name', ({ input }) => {
    expect(parseShareEvents(input).ok).toBe(true);
  });

  const bad: Array<{ name: string; input: unknown; error: RegExp }> = [
    { name: 'null', input: null, error: /events array/ },
    { name: 'an array body', input: [note], error: /events array/ },
    { name: 'events not an array', input: { events: note }, error: /events array/ },
    { name: 'no events', input: body(), error: /1 to 100/ },
    { name: 'too many events', input: body(...Array.from({ length: MAX_EVENTS + 1 }, () => note)), error: /1 to 100/ },
    { name: 'an event that is a string', input: body('note.revoked'), error: /events\[0\] must be an object/ },
    { name: 'an unknown type', input: body({ ...note, type: 'note.deleted' }), error: /events\[0\]\.type must be one of/ },
    { name: 'a type of the wrong case', input: body({ ...note, type: 'Note.Revoked' }), error: /type must be one of/ },
    { name: 'a malformed share id', input: body({ ...note, shareId: '../../etc/passwd' }), error: /shareId must be a share id/ },
    { name: 'a share id with a query', input: body({ ...note, shareId: `${ID}?x` }), error: /shareId/ },
    { name: 'a missing title', input: body({ ...note, title: undefined }), error: /title must be a string/ },
    { name: 'an absurdly long title', input: body({ ...note, title: 'x'.repeat(2001) }), error: /title must be a string of at most 2000/ },
    { name: 'a missing version', input: body({ ...note, version: undefined }), error: /version must be a string/ },
    { name: 'an empty version', input: body({ ...note, version: '' }), error: /version must not be empty/ },
    { name: 'resources missing (a revoke must carry them)', input: body({ ...note, resourceHashes: undefined }), error: /resourceHashes must be an array/ },
    { name: 'a hash that is not MD5', input: body({ ...note, resourceHashes: ['abc'] }), error: /resourceHashes\[0\] must be an MD5/ },
    { name: 'a hash with a path in it', input: body({ ...note, resourceHashes: [`${HASH}/../x`] }), error: /MD5/ },
    { name: 'too many resources', input: body({ ...note, resourceHashes: Array.from({ length: MAX_RESOURCE_HASHES + 1 }, () => HASH) }), error: /at most 1000 hashes/ },
    { name: 'indexable as a string', input: body({ ...note, indexable: 'true' }), error: /indexable must be true or false/ },
    { name: 'indexable without a sitemap slot', input: body({ ...note, sitemapSlot: undefined }), error: /sitemapSlot is required/ },
    { name: 'a negative slot', input: body({ ...note, sitemapSlot: -1 }), error: /sitemapSlot must be a whole number/ },
    { name: 'a fractional slot', input: body({ ...note, sitemapSlot: 1.5 }), error: /sitemapSlot/ },
    { name: 'a malformed notebook id on a note', input: body({ ...note, notebookShareId: 'nb' }), error: /notebookShareId must be a share id/ },
    { name: 'a notebook without a note count', input: body({ ...notebook, noteCount: undefined }), error: /noteCount must be a whole number/ },
    { name: 'a notebook count as a string', input: body({ ...notebook, noteCount: '41' }), error: /noteCount/ },
    { name: 'a huge count', input: body({ ...notebook, noteCount: 1e300 }), error: /noteCount/ },
    { name: 'the second event bad, named by index', input: body(note, { ...note, shareId: 'x' }), error: /events\[1\]\.shareId/ },
  ];

  it.each(bad)('refuses $name', ({ input, error }) => {
    const result = parseShareEvents(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});
