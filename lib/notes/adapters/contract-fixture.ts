import { createHash } from 'node:crypto';
import type { EnexNote, EnexResource } from '../../enex/types';
import type { SqliteNoteWriter } from './sqlite/note-writer';

/** Test data for the NoteStore contract (note-store.contract.ts): one seed, every adapter. */

export const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
export const TEXT_FILE = Buffer.from('packing list: boots, map, 雨衣\n');
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

export interface ContractFixture {
  /** Indexable, author shown, tags, a PNG and a text attachment, listed by the public notebook. */
  pictures: string;
  linkOnly: string;
  revoked: string;
  /** Indexable share ids in publication order (sitemap shard order). */
  published: string[];
  /** Indexable share ids, most recently updated first (list order). */
  newestFirst: string[];
  /** The public notebook "Travel" (indexable) and its listed notes, newest first. */
  notebook: string;
  notebookNotes: string[];
  revokedNotebook: string;
  pngHash: string;
  textHash: string;
  /** `updated` of each note by share id. */
  updated: Record<string, string>;
}

function resource(data: Buffer, mime: string, fileName: string): EnexResource {
  return { hash: md5(data), data, mime, width: null, height: null, fileName, sourceUrl: null };
}

function note(title: string, day: string, resources: EnexResource[] = [], tags: string[] = []): EnexNote {
  const media = resources.map((r) => `<en-media type="${r.mime}" hash="${r.hash}"/>`).join('');
  const at = `2026-03-${day}T08:00:00.000Z`;
  return { title, enml: `<en-note><div>${title}</div>${media}</en-note>`, created: at, updated: at, tags, author: 'Ann', sourceUrl: null, resources };
}

/** Seeds the fixture through the embedded store's writer; publication order fixes the sitemap shards. */
export function seedContractFixture(writer: SqliteNoteWriter): ContractFixture {
  const png = resource(PNG_1x1, 'image/png', '山.png');
  const text = resource(TEXT_FILE, 'text/plain', 'packing list.txt');
  const ids = {
    day1: writer.importNote(note('Day 1', '01'), 'Travel').noteId,
    day2: writer.importNote(note('Day 2', '02'), 'Travel').noteId,
    day3: writer.importNote(note('Day 3 · 第三天', '03'), 'Travel').noteId,
    secret: writer.importNote(note('Secret', '04'), 'Travel').noteId,
    pictures: writer.importNote(note('Pictures 图片 🏔', '05', [png, text], ['travel', '山']), 'Travel').noteId,
    gone: writer.importNote(note('Gone', '06', [text]), 'Travel').noteId,
    plan: writer.importNote(note('Plan', '07'), 'Work').noteId,
    draft: writer.importNote(note('Draft', '08'), 'Work').noteId,
  };
  const share = (noteId: string, indexable: boolean, showAuthor = false): string =>
    writer.publish(noteId, { indexable, showAuthor }) as string;
  const day1 = share(ids.day1, true);
  const day2 = share(ids.day2, true);
  const day3 = share(ids.day3, true);
  const linkOnly = share(ids.secret, false);
  const pictures = share(ids.pictures, true, true);
  const revoked = share(ids.gone, true);
  writer.unpublish(ids.gone);
  const plan = share(ids.plan, true);
  const notebook = writer.publishNotebook('Travel', { indexable: true }) as string;
  const revokedNotebook = writer.publishNotebook('Work', { indexable: true }) as string;
  writer.unpublishNotebook('Work');
  const at = (day: string): string => `2026-03-${day}T08:00:00.000Z`;
  return {
    pictures,
    linkOnly,
    revoked,
    published: [day1, day2, day3, pictures, plan],
    newestFirst: [plan, pictures, day3, day2, day1],
    notebook,
    notebookNotes: [pictures, day3, day2, day1],
    revokedNotebook,
    pngHash: png.hash,
    textHash: text.hash,
    updated: { [day1]: at('01'), [day2]: at('02'), [day3]: at('03'), [linkOnly]: at('04'), [pictures]: at('05'), [revoked]: at('06'), [plan]: at('07') },
  };
}
