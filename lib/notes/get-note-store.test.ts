import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config';
import { HttpNoteStore } from './adapters/http-note-store';
import { getNoteStore } from './get-note-store';

// The function must not need native modules unless the sqlite adapter is configured (ARCHITECTURE.md section 3).
vi.mock('better-sqlite3', () => {
  throw new Error('better-sqlite3 was loaded on the http path');
});

describe('getNoteStore', () => {
  it('builds the HTTP adapter for NOTE_STORE=http without loading SQLite, once per process', async () => {
    const cfg = loadConfig({ NOTE_STORE: 'http', NOTE_SERVICE_URL: 'http://127.0.0.1:9/' });
    const store = await getNoteStore(cfg);
    expect(store).toBeInstanceOf(HttpNoteStore);
    expect(await getNoteStore(cfg)).toBe(store);
    (store as HttpNoteStore).agent.destroy();
  });
});
