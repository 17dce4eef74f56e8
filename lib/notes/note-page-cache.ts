import { config } from '../config';
import { createNoteFastPath, registerFastPath, type FastPathDeps, type MaybePromise } from '../http/note-fast-path';
import { PageCache, type CachedResponse } from '../http/page-cache';
import { getNoteStore } from './get-note-store';
import type { NoteStore } from './note-store';
import type { ShareVersion } from './types';
import { noteValidators } from './get-note-view';

/** Rendered note pages of this instance, shared by the page and its fast path. */
export const notePageCache = new PageCache<CachedResponse>(config.pageCacheEntries, config.pageCacheBytes);

let isRegistered = false;
let openStore: NoteStore | null = null;

function versionOf(store: NoteStore, shareId: string): MaybePromise<ShareVersion | null> {
  return store.getShareVersion ? store.getShareVersion(shareId) : store.getSharedNote(shareId);
}

/**
 * Registers the note page's fast path (lib/http/note-fast-path.ts) for the server entry, with the
 * page's own renderer for notes it has not cached (`onMiss`). Called
 * from the page's getServerSideProps, so it only ever runs on the server (a module-level call
 * would drag the store into the browser bundle), and is in place once the first note rendered.
 */
export function ensureNoteFastPath(onMiss?: FastPathDeps['onMiss']): void {
  if (isRegistered) return;
  isRegistered = true;
  registerFastPath(createNoteFastPath({
    cache: notePageCache,
    onMiss,
    getVersion: (shareId) => {
      // The store is open by the time a page was rendered; awaiting it again would cost a promise per request.
      if (openStore) return versionOf(openStore, shareId);
      return getNoteStore().then((store) => {
        openStore = store;
        return versionOf(store, shareId);
      });
    },
    validators: noteValidators,
  }));
}
