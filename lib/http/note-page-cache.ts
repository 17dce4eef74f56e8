import { config } from '../config';
import { createNoteFastPath, createNoteReplay, registerFastPath, type FastPathDeps, type MaybePromise } from './note-fast-path';
import { PageCache, type CachedResponse } from './page-cache';
import type { PageTemplate } from './page-template';
import { getNoteStore } from '../notes/get-note-store';
import type { NoteStore } from '../notes/note-store';
import type { ShareVersion } from '../notes/types';
import { pageValidators, type PageValidators } from '../notes/page-version';
import { wantsWeChatVariant } from '../wechat/wechat-request';

/**
 * What the note page and its fast path share in one process: rendered pages, the page template,
 * and whether the fast path is registered. Kept on globalThis, not in module variables: the page
 * runs from Next's bundle, and the early note pages (server/early-note-pages.ts) from their own
 * bundle, each with its own copy of this module (as getNoteStore's store).
 */
interface NotePages {
  cache: PageCache<CachedResponse>;
  template: PageTemplate | null;
  fastPathRegistered: boolean;
  openStore: NoteStore | null;
}

const NOTE_PAGES = Symbol.for('note-publisher.note-pages');
const registry = globalThis as typeof globalThis & { [NOTE_PAGES]?: NotePages };
const shared: NotePages = registry[NOTE_PAGES] ??= {
  cache: new PageCache<CachedResponse>(config.pageCacheEntries, config.pageCacheBytes),
  template: null,
  fastPathRegistered: false,
  openStore: null,
};

/** Rendered note pages of this instance, shared by the page and its fast path. */
export const notePageCache = shared.cache;

/** The note page's template (lib/http/page-template.ts) once learnt from Next, or read from the package. */
export function noteTemplate(): PageTemplate | null {
  return shared.template;
}

export function setNoteTemplate(template: PageTemplate): void {
  shared.template = template;
}

/**
 * A share's validators, computed once per version object: the stores hand out the same frozen
 * object while a version is current, and every repeat request needs its validators.
 */
const validatorsOf = new WeakMap<ShareVersion, PageValidators>();

function memoizedValidators(note: ShareVersion): PageValidators {
  let validators = validatorsOf.get(note);
  if (!validators) {
    validators = pageValidators(note);
    validatorsOf.set(note, validators);
  }
  return validators;
}

function versionOf(store: NoteStore, shareId: string): MaybePromise<ShareVersion | null> {
  return store.getShareVersion ? store.getShareVersion(shareId) : store.getSharedNote(shareId);
}

/**
 * Registers the note page's fast path (lib/http/note-fast-path.ts) for the server entry, with a
 * renderer for notes it has not cached (`onMiss`). The first registration in the process wins:
 * the early note pages register theirs before Next loads, and the page's later call keeps it.
 * The page calls this from getServerSideProps, so it only ever runs on the server (a module-level
 * call would drag the store into the browser bundle).
 */
export function ensureNoteFastPath(onMiss?: FastPathDeps['onMiss']): void {
  if (shared.fastPathRegistered) return;
  shared.fastPathRegistered = true;
  const deps: FastPathDeps = {
    cache: notePageCache,
    onMiss,
    getVersion: (shareId) => {
      // The store is open by the time a page was rendered; awaiting it again would cost a promise per request.
      if (shared.openStore) return versionOf(shared.openStore, shareId);
      return getNoteStore().then((store) => {
        shared.openStore = store;
        return versionOf(store, shareId);
      });
    },
    validators: memoizedValidators,
  };
  const fastPath = createNoteFastPath(deps);
  const replay = createNoteReplay(deps);
  // WeChat's browser gets its own variant of note pages (share cards), rendered by the page for
  // each visit and never taken from, or put into, this cache.
  if (config.wechat) registerFastPath((req, res) => (wantsWeChatVariant(req) ? false : fastPath(req, res)), (req, res) => !wantsWeChatVariant(req) && replay(req, res));
  else registerFastPath(fastPath, replay);
}
