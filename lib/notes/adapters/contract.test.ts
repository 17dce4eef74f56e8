import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../test/memory-store';
import { recordingLogger } from '../../../test/fake-upstream';
import { startNoteService } from '../note-service/start-note-service';
import { seedContractFixture } from './contract-fixture';
import { HttpNoteStore } from './http-note-store';
import { describeNoteStoreContract, type ContractSubject } from './note-store.contract';

const TOKEN = 'contract-test-token';

/** The production adapter against the reference service, started in-process over the same kind of store. */
async function openHttpSubject(): Promise<ContractSubject & { sqlite: ReturnType<typeof memoryStore>['store']; serviceUrl: string }> {
  const { store: sqlite, writer } = memoryStore();
  const fixture = seedContractFixture(writer);
  const service = await startNoteService({ store: sqlite, port: 0, token: TOKEN, logger: recordingLogger() });
  const store = new HttpNoteStore({
    baseUrl: service.url, token: TOKEN, timeoutMs: 2000, cacheTtlMs: 30_000, staleTtlMs: 600_000,
    cacheEntries: 100, maxResourceBytes: 4_400_000, logger: recordingLogger(),
  });
  return {
    store, fixture, sqlite, serviceUrl: service.url,
    close: async () => {
      store.agent.destroy();
      await service.close();
      sqlite.close();
    },
  };
}

describeNoteStoreContract('SqliteNoteStore (in-memory)', () => {
  const { store, writer } = memoryStore();
  const fixture = seedContractFixture(writer);
  return Promise.resolve({ store, fixture, close: () => Promise.resolve(store.close()) });
});

describeNoteStoreContract('HttpNoteStore -> reference note service', openHttpSubject);

describe('HttpNoteStore and SqliteNoteStore agree field for field', () => {
  it('on every note, notebook page, list page and shard of the fixture', async () => {
    const { store: http, sqlite, fixture: f, close } = await openHttpSubject();
    try {
      for (const id of [...f.published, f.linkOnly, f.revoked]) {
        expect(await http.getSharedNote(id), id).toEqual(await sqlite.getSharedNote(id));
      }
      for (const [id, page] of [[f.notebook, 1], [f.notebook, 2], [f.revokedNotebook, 1]] as const) {
        expect(await http.getPublicNotebook(id, page, 2)).toEqual(await sqlite.getPublicNotebook(id, page, 2));
      }
      expect(await http.listIndexableNotes(null, 3)).toEqual(await sqlite.listIndexableNotes(null, 3));
      expect(await http.getSitemapShards(3)).toEqual(await sqlite.getSitemapShards(3));
    } finally {
      await close();
    }
  });

  it('refuses a caller without the bearer token', async () => {
    const { serviceUrl, fixture, close } = await openHttpSubject();
    const anonymous = new HttpNoteStore({
      baseUrl: serviceUrl, timeoutMs: 2000, cacheTtlMs: 0, staleTtlMs: 0, cacheEntries: 0, maxResourceBytes: 1000, logger: recordingLogger(),
    });
    try {
      await expect(anonymous.getSharedNote(fixture.pictures)).rejects.toThrow(/answered 401/);
    } finally {
      anonymous.agent.destroy();
      await close();
    }
  });
});
