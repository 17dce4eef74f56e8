import { isShareId } from '../notes/share-id';

/**
 * What the note service tells us when a share changes. Events carry everything needed to find the
 * cached URLs, because after a revoke the store no longer hands out the note's resources (and a cold
 * instance has nothing cached to read them from). Counts are sent rather than page or shard numbers
 * because page and shard sizes are our configuration, not the note service's.
 */

export type NoteEventType = 'note.published' | 'note.updated' | 'note.revoked';
export type NotebookEventType = 'notebook.published' | 'notebook.updated' | 'notebook.revoked';

export interface NoteShareEvent {
  type: NoteEventType;
  shareId: string;
  /** Current title (for a revoke, the last one): the canonical URL's slug comes from it. */
  title: string;
  /** The title before an update, when it changed: the old slug URL is cached too. */
  previousTitle?: string;
  /** The note version the page was served with (after the change; for a revoke, the last one): names the OG card. */
  version: string;
  previousVersion?: string;
  /** MD5 of every resource the public page referenced before or after the change. */
  resourceHashes: string[];
  /** The share is, or was until this change, indexable: listed on the home page and in a sitemap. */
  indexable: boolean;
  /** The share's 0-based slot in sitemap order (required when indexable): the shard is slot / shard size. */
  sitemapSlot?: number;
  /** The public notebook listing this note, if any, and how many notes it lists (the larger of before/after). */
  notebookShareId?: string;
  notebookNoteCount?: number;
}

export interface NotebookShareEvent {
  type: NotebookEventType;
  shareId: string;
  /** Notes the listing shows, the larger of before and after the change: every page up to it is purged. */
  noteCount: number;
  indexable: boolean;
}

export type ShareEvent = NoteShareEvent | NotebookShareEvent;

export const MAX_EVENTS = 100;
/** Far above a real note's attachments; bounds the purge (each hash is one or two URLs). */
export const MAX_RESOURCE_HASHES = 1000;
const MAX_TITLE_LENGTH = 2000;
const MAX_VERSION_LENGTH = 200;
const NOTE_TYPES: readonly string[] = ['note.published', 'note.updated', 'note.revoked'];
const NOTEBOOK_TYPES: readonly string[] = ['notebook.published', 'notebook.updated', 'notebook.revoked'];

export type ParseResult = { ok: true; events: ShareEvent[] } | { ok: false; error: string };

class SchemaError extends Error {}

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shareId(o: Fields, key: string, at: string): string {
  const value = o[key];
  if (typeof value !== 'string' || !isShareId(value)) throw new SchemaError(`${at}.${key} must be a share id`);
  return value;
}

function text(o: Fields, key: string, at: string, max: number): string {
  const value = o[key];
  if (typeof value !== 'string' || value.length > max) throw new SchemaError(`${at}.${key} must be a string of at most ${max} characters`);
  return value;
}

function count(o: Fields, key: string, at: string): number {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new SchemaError(`${at}.${key} must be a whole number >= 0`);
  return value;
}

function flag(o: Fields, key: string, at: string): boolean {
  const value = o[key];
  if (typeof value !== 'boolean') throw new SchemaError(`${at}.${key} must be true or false`);
  return value;
}

/** Optional fields may be absent or null (JSON encoders differ); anything else must be valid. */
function optional<T>(o: Fields, key: string, read: () => T): T | undefined {
  return o[key] === undefined || o[key] === null ? undefined : read();
}

function hashes(o: Fields, at: string): string[] {
  const value = o.resourceHashes;
  if (!Array.isArray(value) || value.length > MAX_RESOURCE_HASHES) throw new SchemaError(`${at}.resourceHashes must be an array of at most ${MAX_RESOURCE_HASHES} hashes`);
  return value.map((hash, i) => {
    if (typeof hash !== 'string' || !/^[0-9a-f]{32}$/i.test(hash)) throw new SchemaError(`${at}.resourceHashes[${i}] must be an MD5 hex digest`);
    return hash.toLowerCase();
  });
}

function noteEvent(o: Fields, type: NoteEventType, at: string): NoteShareEvent {
  const event: NoteShareEvent = {
    type,
    shareId: shareId(o, 'shareId', at),
    title: text(o, 'title', at, MAX_TITLE_LENGTH),
    previousTitle: optional(o, 'previousTitle', () => text(o, 'previousTitle', at, MAX_TITLE_LENGTH)),
    version: text(o, 'version', at, MAX_VERSION_LENGTH),
    previousVersion: optional(o, 'previousVersion', () => text(o, 'previousVersion', at, MAX_VERSION_LENGTH)),
    resourceHashes: hashes(o, at),
    indexable: flag(o, 'indexable', at),
    sitemapSlot: optional(o, 'sitemapSlot', () => count(o, 'sitemapSlot', at)),
    notebookShareId: optional(o, 'notebookShareId', () => shareId(o, 'notebookShareId', at)),
    notebookNoteCount: optional(o, 'notebookNoteCount', () => count(o, 'notebookNoteCount', at)),
  };
  if (event.version === '') throw new SchemaError(`${at}.version must not be empty`);
  // Without the slot a stale sitemap shard would keep listing a revoked note for a whole CDN TTL.
  if (event.indexable && event.sitemapSlot === undefined) throw new SchemaError(`${at}.sitemapSlot is required when indexable is true`);
  return event;
}

function notebookEvent(o: Fields, type: NotebookEventType, at: string): NotebookShareEvent {
  return { type, shareId: shareId(o, 'shareId', at), noteCount: count(o, 'noteCount', at), indexable: flag(o, 'indexable', at) };
}

function event(value: unknown, at: string): ShareEvent {
  if (!isObject(value)) throw new SchemaError(`${at} must be an object`);
  const { type } = value;
  if (typeof type === 'string' && NOTE_TYPES.includes(type)) return noteEvent(value, type as NoteEventType, at);
  if (typeof type === 'string' && NOTEBOOK_TYPES.includes(type)) return notebookEvent(value, type as NotebookEventType, at);
  throw new SchemaError(`${at}.type must be one of ${[...NOTE_TYPES, ...NOTEBOOK_TYPES].join(', ')}`);
}

/** Validates a parsed JSON body. Unknown fields are ignored so the sender can add some first. */
export function parseShareEvents(body: unknown): ParseResult {
  try {
    if (!isObject(body) || !Array.isArray(body.events)) throw new SchemaError('body must be an object with an events array');
    if (body.events.length === 0 || body.events.length > MAX_EVENTS) throw new SchemaError(`events must hold 1 to ${MAX_EVENTS} events`);
    return { ok: true, events: body.events.map((e, i) => event(e, `events[${i}]`)) };
  } catch (error) {
    if (error instanceof SchemaError) return { ok: false, error: error.message };
    throw error;
  }
}
