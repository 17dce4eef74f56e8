import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { entries, importHostile, mutate, notesEndingBefore, randomChunks } from '../../test/enex-fuzz';
import { memoryStore } from '../../test/memory-store';
import { corpusPath, fixtureEnexDir, repoRoot } from '../../test/paths';
import { renderToHtml } from '../../test/render-html';
import { randomInt, seeded, type Random } from '../../test/seeded-random';
import type { ImportSink } from './import-enex';
import { listEnexFiles } from './list-enex-files';
import { MAX_DEPTH, MAX_TOKEN_CHARS } from './read-enex';
import type { EnexNote } from './types';
import { loadHighlighter } from '../enml/highlight';

// Rendered as the note page renders them: with the highlighter loaded (the page loads it for notes with code).
beforeAll(() => loadHighlighter());

/**
 * Hostile and broken input for the ENEX importer. Everything is seeded: a failure names the file
 * and the edit (kind and offset), and replays exactly. The contract under test (see importHostile): the importer
 * returns a report whose failures are per-note entries with a message, or throws
 * EnexRefusedError; notes that ended before the damage come out exactly as from the intact file;
 * and memory stays bounded. Hangs are caught by the per-test timeouts, not by timing assertions.
 */

const SEED = 20260;
const TRUNCATION_FILES = 70;
const TRUNCATIONS_PER_FILE = 50;
const MUTATION_FILES = 70;
const MUTANTS_PER_FILE = 50;
/** Files above this size get a fifth of the iterations: they cost the most and add little. */
const LARGE_FILE = 300_000;

/**
 * The external corpus when present; otherwise the repository's own ENEX files (the feature
 * fixtures, the demo notes and the hostile note), so the default suite still fuzzes the importer.
 */
const dir = corpusPath('enex') ?? repoRoot;
const inputFiles = corpusPath('enex') ? listEnexFiles(dir) : [fixtureEnexDir, join(repoRoot, 'demo', 'enex'), join(repoRoot, 'e2e', 'fixtures')].flatMap((d) => listEnexFiles(d));
/** Each file has its own seed, so one test replays the same inputs when run alone (`-t <file>`). */
const corpus = inputFiles.map((path, i) => ({ name: relative(dir, path), bytes: readFileSync(path), seed: SEED + 1000 * (i + 1) }));

function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(randomInt(random, 0, pool.length - 1), 1)[0] as T);
  return out;
}

/**
 * Imports the intact file into a store of its own and returns that store, plus what any later
 * import into it must say about those notes: a note read intact again is `unchanged` (its
 * fingerprint covers title, dates, ENML and resource hashes), a broken one fails again.
 */
async function reference(bytes: Buffer): Promise<{ sink: ImportSink; expected: string[] }> {
  const { writer } = memoryStore();
  const { report } = await importHostile([bytes], writer);
  return { sink: writer, expected: entries(report).map((e) => e.replace(/^imported /, 'unchanged ')) };
}

// Vitest workers run without --expose-gc; V8 can switch it on at run time and hand gc() to a new context.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Peak growth of heap + off-heap memory (Buffers) over a baseline taken after a full GC, sampled by `sample()`. */
function memoryProbe(): { sample: () => void; growthMb: () => number } {
  gc();
  const used = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const base = used();
  let peak = base;
  return { sample: () => { peak = Math.max(peak, used()); }, growthMb: () => (peak - base) / 1024 / 1024 };
}

describe('ENEX files (the corpus, or our own without it) cut short', () => {
  const files = sample(seeded(SEED), corpus, TRUNCATION_FILES);
  it.each(files.map((f) => [f.name, f] as const))('%s at seeded offsets', async (_name, file) => {
    const random = seeded(file.seed);
    const { sink, expected } = await reference(file.bytes);
    const cuts = file.bytes.length > LARGE_FILE ? TRUNCATIONS_PER_FILE / 5 : TRUNCATIONS_PER_FILE;
    for (let i = 0; i < cuts; i += 1) {
      const at = randomInt(random, 0, file.bytes.length - 1);
      const done = notesEndingBefore(file.bytes, at);
      const outcome = await importHostile(randomChunks(file.bytes.subarray(0, at), random), sink);
      const context = `${file.name} cut at ${at}`;
      if (outcome.refusal) expect(done, context).toBe(0);
      expect(entries(outcome.report).slice(0, done), context).toEqual(expected.slice(0, done));
      expect(entries(outcome.report).length, context).toBeLessThanOrEqual(done + 1);
    }
  }, 30_000);
});

describe('ENEX files (the corpus, or our own without it) with flipped, inserted, deleted and duplicated bytes', () => {
  const files = sample(seeded(SEED + 1), corpus, MUTATION_FILES);
  it.each(files.map((f) => [f.name, f] as const))('%s', async (_name, file) => {
    const random = seeded(file.seed + 1);
    const { sink, expected } = await reference(file.bytes);
    const mutants = file.bytes.length > LARGE_FILE ? MUTANTS_PER_FILE / 5 : MUTANTS_PER_FILE;
    for (let i = 0; i < mutants; i += 1) {
      // Every fifth mutant stacks several edits: only the bytes before the first one are trusted.
      let mutation = mutate(file.bytes, random);
      let first = mutation.at;
      const label = [mutation.label];
      for (let extra = i % 5 === 4 ? randomInt(random, 2, 6) : 0; extra > 0; extra -= 1) {
        mutation = mutate(mutation.bytes, random);
        first = Math.min(first, mutation.at);
        label.push(mutation.label);
      }
      const done = notesEndingBefore(file.bytes, first);
      const outcome = await importHostile(randomChunks(mutation.bytes, random), sink);
      const context = `${file.name}: ${label.join(', ')}`;
      if (outcome.refusal) expect(done, context).toBe(0);
      expect(entries(outcome.report).slice(0, done), context).toEqual(expected.slice(0, done));
    }
  }, 30_000);
});

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export3.dtd">\n';
const goodNote = (title: string, extra = ''): string =>
  `<note><title>${title}</title><content><![CDATA[<en-note><div>${title}</div></en-note>]]></content>${extra}</note>`;
const enex = (...notes: string[]): string => `${HEAD}<en-export>${notes.join('\n')}</en-export>`;
const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

/** The stored notes of a report, read back through the public store as the pages read them. */
async function readBack(store: ReturnType<typeof memoryStore>, noteIds: string[]) {
  return Promise.all(noteIds.map(async (noteId) => {
    const shareId = store.writer.publish(noteId, { indexable: true, showAuthor: true }) as string;
    const note = await store.store.getSharedNote(shareId);
    if (!note) throw new Error(`note ${noteId} was reported imported but is not in the store`);
    return note;
  }));
}

describe('input that is not an ENEX export is refused as a whole, and nothing is written', () => {
  const random = seeded(SEED + 2);
  const noise = Buffer.from(Array.from({ length: 65_536 }, () => randomInt(random, 0, 255)));
  const lol = '<!DOCTYPE en-export [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';
  const cases: Array<[string, Array<Buffer | string>, RegExp]> = [
    ['no chunks at all', [], /not an ENEX export/],
    ['one empty string', [''], /not an ENEX export/],
    ['an empty Buffer', [Buffer.alloc(0)], /not an ENEX export/],
    ['whitespace', ['  \n\t\r\n  '], /not an ENEX export/],
    ['plain text', ['just some words, no markup'], /not well-formed|no <note>/],
    ['JSON', ['{"notes":[{"title":"a"}]}'], /not well-formed|no <note>/],
    ['an HTML page', ['<!DOCTYPE html><html><body><p>hi</p></body></html>'], /root element is <html>/],
    ['64 KB of random bytes', [noise], /not an ENEX export/],
    ['a PNG header', [Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')], /not an ENEX export/],
    ['UTF-16LE with a BOM', [Buffer.from(`\uFEFF${enex(goodNote('utf16'))}`, 'utf16le')], /not an ENEX export/],
    ['UTF-16BE with a BOM', [Buffer.from(`\uFEFF${enex(goodNote('utf16'))}`, 'utf16le').swap16()], /not an ENEX export/],
    ['XML with another root', ['<?xml version="1.0"?><notes><note><title>a</title></note></notes>'], /root element is <notes>/],
    ['an export with no notes', [enex()], /no <note>/],
    ['billion laughs', [`<?xml version="1.0"?>${lol}<en-export>${goodNote('a')}<note><title>&lol2;</title></note></en-export>`], /entity/],
    ['XXE (external entity)', [`<?xml version="1.0"?><!DOCTYPE en-export [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><en-export><note><title>&xxe;</title></note></en-export>`], /entity/],
    ['a parameter entity', ['<?xml version="1.0"?><!DOCTYPE en-export [<!ENTITY % p SYSTEM "http://127.0.0.1/x.dtd"> %p;]><en-export>', goodNote('a'), '</en-export>'], /entity/],
    ['an internal subset after a UTF-8 BOM, one byte per chunk', [...Buffer.from(`\uFEFF${lol}<en-export>${goodNote('a')}</en-export>`)].map((b) => Buffer.from([b])), /entity/],
  ];
  it.each(cases)('%s', async (_label, chunks, refusal) => {
    const store = memoryStore();
    const outcome = await importHostile(chunks, store.writer);
    expect(outcome.refusal).toMatch(refusal);
    expect(store.writer.listNotes()).toEqual([]);
  });

  it('still imports a UTF-8 file that starts with a BOM', async () => {
    const store = memoryStore();
    const outcome = await importHostile([Buffer.from(`\uFEFF${enex(goodNote('bom'))}`)], store.writer);
    expect(entries(outcome.report)).toEqual(['imported bom']);
  });
});

describe('a DOCTYPE after notes were written is a broken note, not a refusal of the whole file (regression)', () => {
  const doctype = '<!DOCTYPE x [<!ENTITY a "b">]>';
  const cases: Array<[string, string, string[]]> = [
    ['inside a note', enex(goodNote('before'), `<note><title>broken</title>${doctype}</note>`, goodNote('after')), ['imported before', 'failed broken', 'imported after']],
    ['between notes', enex(goodNote('before'), doctype, goodNote('after')), ['imported before', 'imported after']],
    ['after the root', `${enex(goodNote('before'))}${doctype}`, ['imported before']],
  ];
  it.each(cases)('%s', async (_label, text, expected) => {
    const store = memoryStore();
    // The first note is complete in the first chunk, so it is written before the DOCTYPE arrives.
    const split = text.indexOf('</note>') + 7;
    const outcome = await importHostile([text.slice(0, split), text.slice(split)], store.writer);
    expect(entries(outcome.report)).toEqual(expected);
    expect(outcome.report?.failed.map((f) => f.error).join()).not.toMatch(/refused/);
  });
});

describe('resources: bad base64, wrong declared hashes, missing and huge <data>', () => {
  const bytes = Buffer.from('resource bytes, two padding!'); // 28 bytes: base64 ends in ==
  const b64 = bytes.toString('base64');
  const wrapped = b64.replace(/(.{8})/g, '$1\n');
  const big = Buffer.from(Array.from({ length: 6_000_000 }, (_, i) => (i * 7919) % 251));
  const resource = (data: string, extra = ''): string => `<resource>${data}<mime>image/png</mime>${extra}</resource>`;
  /** The stored resource, none (null), or the note's error. */
  type Expect = { hash: string; size: number } | null | RegExp;
  const cases: Array<[string, string, Expect]> = [
    ['valid, wrapped every 8 characters', resource(`<data encoding="base64">${wrapped}</data>`), { hash: md5(bytes), size: bytes.length }],
    ['valid, padding split by a comment (regression)', resource(`<data encoding="base64">${b64.slice(0, -1)}<!-- x -->${b64.slice(-1)}</data>`), { hash: md5(bytes), size: bytes.length }],
    ['valid, in CDATA', resource(`<data encoding="base64"><![CDATA[${wrapped}]]></data>`), { hash: md5(bytes), size: bytes.length }],
    ['valid, with character references', resource(`<data encoding="base64">&#65;&#x41;AA${b64}</data>`), { hash: md5(Buffer.concat([Buffer.from('AAAA', 'base64'), bytes])), size: 3 + bytes.length }],
    ['a declared hash that does not match the bytes', resource(`<data encoding="base64" hash="00000000000000000000000000000000">${b64}</data>`, '<resource-attributes><file-name>x.png</file-name></resource-attributes>'), { hash: md5(bytes), size: bytes.length }],
    ['a 6 MB resource on one 8 MB base64 line', resource(`<data encoding="base64">${big.toString('base64')}</data>`), { hash: md5(big), size: big.length }],
    ['characters outside base64', resource('<data encoding="base64">@@@not base64@@@</data>'), /not valid base64/],
    ['padding in the middle', resource('<data encoding="base64">AB=CDEFG</data>'), /not valid base64/],
    ['three padding characters', resource('<data encoding="base64">A===</data>'), /not valid base64/],
    ['data after the padding', resource(`<data encoding="base64">${b64}QUFB</data>`), /not valid base64/],
    ['a dangling single character', resource('<data encoding="base64">QUFBA</data>'), /not valid base64/],
    ['padding that ends short of a quad', resource('<data encoding="base64">QUFBQQ=</data>'), /not valid base64/],
    ['no <data>', resource(''), /missing/],
    ['an unsupported encoding', resource('<data encoding="hex">00ff</data>'), /encoding "hex"/],
    ['<data> where a resource cannot have it', `<data encoding="base64">${b64}</data>`, null],
  ];
  it.each(cases)('%s', async (_label, xml, expected) => {
    const store = memoryStore();
    const note = goodNote('with resource', xml);
    const text = enex(goodNote('before'), note.replace('<en-note>', `<en-note><en-media hash="${md5(bytes)}" type="image/png"/>`), goodNote('after'));
    // Tiny chunks split tags, base64 quads and padding anywhere.
    const outcome = await importHostile(randomChunks(Buffer.from(text), seeded(SEED + 3), 64), store.writer);
    const report = outcome.report;
    const middle = expected instanceof RegExp ? 'failed with resource' : 'imported with resource';
    expect(entries(report)).toEqual(['imported before', middle, 'imported after']);
    if (expected instanceof RegExp) {
      expect(report?.failed[0]?.error).toMatch(expected);
      return;
    }
    const [, stored] = await readBack(store, report?.imported.map((n) => n.noteId) ?? []);
    const resources = stored?.resources.map((r) => ({ hash: r.hash, size: r.size })) ?? [];
    expect(resources).toEqual(expected ? [expected] : []);
  });

  it('fails a note with more than 1,000 resources and keeps its neighbours', async () => {
    const store = memoryStore();
    const many = Array.from({ length: 1001 }, (_, i) => resource(`<data encoding="base64">${Buffer.from(`r${i}`).toString('base64')}</data>`)).join('');
    const outcome = await importHostile([enex(goodNote('before'), goodNote('many', many), goodNote('after'))], store.writer);
    expect(entries(outcome.report)).toEqual(['imported before', 'failed many', 'imported after']);
    expect(outcome.report?.failed[0]?.error).toMatch(/more than 1000 resources/);
  });
});

/** 48 KB of seeded bytes per block; the 50 MB of base64 is streamed, never held as one string. */
async function* hugeResourceNote(blocks: number, onBlock: (bytes: Buffer) => void): AsyncGenerator<string> {
  yield `${HEAD}<en-export>${goodNote('before')}<note><title>huge</title><content><![CDATA[<en-note>big</en-note>]]></content><resource><data encoding="base64">\n`;
  const random = seeded(SEED + 4);
  const block = Buffer.from(Array.from({ length: 48 * 1024 }, () => randomInt(random, 0, 255)));
  for (let i = 0; i < blocks; i += 1) {
    block.writeUInt32BE(i, 0);
    onBlock(block);
    yield await Promise.resolve(`${block.toString('base64').replace(/(.{76})/g, '$1\n')}\n`);
  }
  yield `</data><mime>application/octet-stream</mime></resource></note>${goodNote('after')}</en-export>`;
}

/** One long text run streamed in 64 KB pieces: `open`, `total` characters of `unit`, `close`. */
async function* longRun(open: string, unit: string, total: number, close: string, probe?: () => void): AsyncGenerator<string> {
  yield open;
  const piece = unit.repeat(Math.ceil(65_536 / unit.length));
  for (let sent = 0; sent < total; sent += piece.length) {
    probe?.();
    yield await Promise.resolve(piece);
  }
  yield close;
}

describe('size and nesting limits: bounded memory, a clean per-note outcome', () => {
  it('streams a 50 MB note (a 37.5 MB attachment) through with bounded memory', async () => {
    const store = memoryStore();
    const probe = memoryProbe();
    const hash = createHash('md5');
    let size = 0;
    const sink: ImportSink = {
      importNote: (note: EnexNote, notebook: string) => {
        probe.sample();
        return store.writer.importNote(note, notebook);
      },
    };
    const input = hugeResourceNote(800, (block) => {
      probe.sample();
      hash.update(block);
      size += block.length;
    });
    const outcome = await importHostile(input, sink);
    expect(entries(outcome.report)).toEqual(['imported before', 'imported huge', 'imported after']);
    const [, huge] = await readBack(store, outcome.report?.imported.map((n) => n.noteId) ?? []);
    expect(huge?.resources.map((r) => [r.hash, r.size])).toEqual([[hash.digest('hex'), size]]);
    // The decoded bytes are held twice at the end (the pieces, then one Buffer for the store): 75 MB.
    // Before ParserFeed the parser held all 50 MB of base64 text as well (258 MB at these probes).
    expect(probe.growthMb()).toBeLessThan(160);
  }, 60_000);

  it('fails a note with 50 MB of ENML and reads on', async () => {
    const store = memoryStore();
    const probe = memoryProbe();
    const outcome = await importHostile(longRun(
      `${HEAD}<en-export>${goodNote('before')}<note><title>long</title><content><![CDATA[<en-note>`,
      '<div>lorem ipsum dolor sit amet</div>', 50_000_000, `</en-note>]]></content></note>${goodNote('after')}</en-export>`, probe.sample,
    ), store.writer);
    expect(entries(outcome.report)).toEqual(['imported before', 'failed long', 'imported after']);
    expect(outcome.report?.failed[0]?.error).toMatch(/larger than Evernote allows/);
    expect(probe.growthMb()).toBeLessThan(200);
  }, 60_000);

  it(`stops at a token longer than ${MAX_TOKEN_CHARS} characters, keeping the notes before it`, async () => {
    const store = memoryStore();
    const outcome = await importHostile(longRun(
      `${HEAD}<en-export>${goodNote('before')}<note><title>endless</title><content><![CDATA[`, 'x', MAX_TOKEN_CHARS + 1_000_000, `]]></content></note>${goodNote('never read')}</en-export>`,
    ), store.writer);
    expect(entries(outcome.report)).toEqual(['imported before', 'failed endless']);
    expect(outcome.report?.failed[0]?.error).toMatch(/longer than .* the rest of the file was not read/);
  }, 60_000);

  it('imports and renders ENML with 100,000 nested divs', async () => {
    const store = memoryStore();
    const depth = 100_000;
    const enml = `<en-note>${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}</en-note>`;
    const outcome = await importHostile([enex(goodNote('before'), `<note><title>nested</title><content><![CDATA[${enml}]]></content></note>`)], store.writer);
    expect(entries(outcome.report)).toEqual(['imported before', 'imported nested']);
    const [, nested] = await readBack(store, outcome.report?.imported.map((n) => n.noteId) ?? []);
    expect(nested?.enml.length).toBe(enml.length);
    expect(renderToHtml(nested?.enml ?? '')).toContain('deep');
  });

  it(`stops at XML elements nested deeper than ${MAX_DEPTH} (100,000), with bounded memory`, async () => {
    const store = memoryStore();
    const probe = memoryProbe();
    const outcome = await importHostile(longRun(`${HEAD}<en-export>${goodNote('before')}<note><title>nested</title>`, '<x>', 300_000, `${'</x>'.repeat(100_000)}</note></en-export>`, probe.sample), store.writer);
    expect(entries(outcome.report)).toEqual(['imported before', 'failed nested']);
    expect(outcome.report?.failed[0]?.error).toMatch(/nested more than \d+ deep; the rest of the file was not read/);
    expect(probe.growthMb()).toBeLessThan(64);
  });

  it('fails a note holding 2 MB of garbage with a few messages, fast and small, and reads on (regression)', async () => {
    const store = memoryStore();
    const probe = memoryProbe();
    const outcome = await importHostile(longRun(`${HEAD}<en-export>${goodNote('before')}<note><title>garbage</title>`, '\u0001<<>', 2_000_000, `</note>${goodNote('after')}</en-export>`, probe.sample), store.writer);
    expect(entries(outcome.report)).toEqual(['imported before', 'failed garbage', 'imported after']);
    expect(outcome.report?.failed[0]?.error.split('; ').length).toBeLessThanOrEqual(3);
    expect(outcome.report?.failed[0]?.error).toMatch(/^malformed XML \(line \d+:\d+: /);
    // Before the fix every bad character kept its own message: 390 MB for 5 MB of garbage.
    expect(probe.growthMb()).toBeLessThan(64);
  }, 15_000);

  const long = 'x'.repeat(5_000_000);
  const fields: Array<[string, string, (note: { title: string; author: string | null; tags: string[] }) => void]> = [
    ['a 1M-character title', enex(goodNote('t'.repeat(1_000_000))), (n) => expect(n.title).toBe('t'.repeat(255))],
    ['a title in 200,000 pieces split by comments', enex(goodNote('t<!---->'.repeat(200_000))), (n) => expect(n.title).toBe('t'.repeat(255))],
    ['a 1M-character author', enex(goodNote('author', `<note-attributes><author>${'a'.repeat(1_000_000)}</author></note-attributes>`)), (n) => expect(n.author).toBe('a'.repeat(4096))],
    ['10,000 tags', enex(goodNote('tags', Array.from({ length: 10_000 }, (_, i) => `<tag>t${i}</tag>`).join(''))), (n) => expect(n.tags).toHaveLength(100)],
    ['a 5 MB attribute on <en-export>', `${HEAD}<en-export application="${long}">${goodNote('attr')}</en-export>`, (n) => expect(n.title).toBe('attr')],
    ['a 5 MB attribute on <note>', enex(goodNote('attr').replace('<note>', `<note x="${long}">`)), (n) => expect(n.title).toBe('attr')],
    ['a 5 MB attribute in ENML', enex(goodNote('attr').replace('<div>', `<div title="${long}">`)), (n) => expect(n.title).toBe('attr')],
  ];
  it.each(fields)('imports %s within the field caps', async (_label, text, check) => {
    const store = memoryStore();
    const outcome = await importHostile(randomChunks(Buffer.from(text), seeded(SEED + 5), 65_536), store.writer);
    expect(outcome.report?.imported).toHaveLength(1);
    const [note] = await readBack(store, outcome.report?.imported.map((n) => n.noteId) ?? []);
    check({ title: note?.title ?? '', author: note?.authorName ?? null, tags: note?.tags ?? [] });
  });
});
