import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../../test/memory-store';
import { CHANGE_LOG_PRUNE_EVERY, CHANGE_LOG_RETAINED } from './migrations';

describe('the change feed (share_changes)', () => {
  it('stays bounded: only the latest rows are kept, and a reader behind them is reset, one within them is not', async () => {
    const { store, writer } = memoryStore();
    const { noteId } = writer.importNote({ title: 'T', enml: '<en-note><div>x</div></en-note>', created: '2026-01-01T00:00:00.000Z', updated: null, tags: [], author: null, sourceUrl: null, resources: [] }, 'NB');
    const shareId = writer.publish(noteId, { indexable: true }) as string;
    const total = CHANGE_LOG_RETAINED + 3 * CHANGE_LOG_PRUNE_EVERY + 17;
    // Changes as the triggers write them (one row per changed share), in bulk.
    const insert = store.db.prepare('INSERT INTO share_changes (share_id) VALUES (?)');
    store.db.transaction(() => { for (let i = 0; i < total; i += 1) insert.run(shareId); })();
    const head = (await store.getChanges(null, 1)).head;
    expect(head).toBeGreaterThanOrEqual(total);
    const rows = (store.db.prepare('SELECT COUNT(*) AS n FROM share_changes').get() as { n: number }).n;
    expect(rows).toBeLessThanOrEqual(CHANGE_LOG_RETAINED + CHANGE_LOG_PRUNE_EVERY);
    expect(rows).toBeGreaterThanOrEqual(CHANGE_LOG_RETAINED);
    // A reader at the very start is too far behind: it must start over, not read a gap as "no change".
    expect(await store.getChanges(1, 10)).toMatchObject({ reset: true, changes: [] });
    // A reader within the kept window reads on without a reset.
    const recent = await store.getChanges(head - 5, 10);
    expect(recent.reset).toBe(false);
    expect(recent.changes.map((c) => c.seq)).toEqual([head - 4, head - 3, head - 2, head - 1, head]);
  });
});
