import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../test/memory-store';
import { route } from './routes';

/** The reference service's search operation: what it accepts, and what it answers. */
describe('GET /v1/notebooks/{id}/search', () => {
  const { store, writer } = memoryStore();
  const at = '2026-01-01T00:00:00.000Z';
  const noteId = writer.importNote({ title: '分享笔记', enml: '<en-note><div>正文</div></en-note>', created: at, updated: at, tags: [], author: null, sourceUrl: null, resources: [] }, 'NB').noteId;
  writer.publish(noteId, { indexable: true });
  const nb = writer.publishNotebook('NB', { indexable: true }) as string;
  const ask = (query: string, id = nb): ReturnType<typeof route> => route(store, `/v1/notebooks/${id}/search`, new URLSearchParams(query));

  it('answers a page of hits', async () => {
    const reply = await ask('q=笔记&page=1&pageSize=10');
    expect(reply).toMatchObject({ kind: 'json', status: 200, body: { query: '笔记', total: 1, hits: [{ title: '分享笔记', snippet: '正文' }] } });
  });

  it.each([
    ['no query', 'page=1'],
    ['an empty query', 'q='],
    ['two queries', 'q=a&q=b'],
    ['an untrimmed query', 'q=%20a'],
    ['a query longer than 100 characters', `q=${'字'.repeat(101)}`],
    ['a page beyond 100', 'q=a&page=101'],
    ['a page size beyond 50', 'q=a&pageSize=51'],
  ])('400 for %s', async (_, query) => {
    expect(await ask(query)).toMatchObject({ status: 400, body: { error: 'bad_request' } });
  });

  it('404 for an unknown notebook, 400 for a malformed id', async () => {
    expect(await ask('q=a', 'AAAAAAAAAAAAAAAAAAAAAA')).toMatchObject({ status: 404 });
    expect(await ask('q=a', 'nope')).toMatchObject({ status: 400 });
  });
});
