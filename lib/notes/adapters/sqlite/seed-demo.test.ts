import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { derivedShareId, isShareId } from '../../share-id';
import { openDatabase } from '../sqlite-note-store';
import { seedDemo } from './seed-demo';

const demoDir = resolve(__dirname, '../../../../demo');
const dirs: string[] = [];

async function seededShares(): Promise<Array<{ share_id: string; state: string; title: string }>> {
  const dir = mkdtempSync(join(tmpdir(), 'seed-demo-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'notes.db'));
  try {
    expect(await seedDemo(db, demoDir)).toBe(true);
    const notes = db.prepare<[], { share_id: string; state: string; title: string }>('SELECT s.share_id, s.state, n.title FROM shares s JOIN notes n ON n.id = s.note_id ORDER BY s.share_id').all();
    const notebooks = db.prepare<[], { share_id: string; state: string; title: string }>('SELECT s.share_id, s.state, b.name AS title FROM notebook_shares s JOIN notebooks b ON b.id = s.notebook_id ORDER BY s.share_id').all();
    return [...notes, ...notebooks];
  } finally {
    db.close();
  }
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('demo seed share ids', () => {
  it('are the same in every database seeded from the demo (one per instance on SCF)', async () => {
    const first = await seededShares();
    const second = await seededShares();
    expect(first.length).toBeGreaterThan(5);
    expect(second).toEqual(first);
    for (const { share_id } of first) {
      expect(isShareId(share_id), share_id).toBe(true);
      expect(share_id.startsWith('-'), share_id).toBe(false);
    }
    expect(new Set(first.map((s) => s.share_id)).size).toBe(first.length);
  });
});

describe('derivedShareId', () => {
  it.each([
    ['demo note Recipes 0'],
    [''],
    ['周末杭州两日游攻略 \u0000 ../../etc/passwd'],
    ['x'.repeat(100_000)],
  ])('is a well-formed id, stable for %#', (seed) => {
    const id = derivedShareId(seed);
    expect(isShareId(id)).toBe(true);
    expect(id.startsWith('-')).toBe(false);
    expect(derivedShareId(seed)).toBe(id);
  });

  it('differs between seeds', () => {
    const ids = new Set(Array.from({ length: 2000 }, (_, i) => derivedShareId(`demo note Notebook ${i}`)));
    expect(ids.size).toBe(2000);
    expect([...ids].some((id) => id.startsWith('-'))).toBe(false);
  });
});
