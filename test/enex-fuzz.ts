import { expect } from 'vitest';
import { importEnex, type ImportReport, type ImportSink } from '../lib/enex/import-enex';
import { EnexRefusedError } from '../lib/enex/types';
import { pick, randomInt, type Random } from './seeded-random';

/** Helpers for lib/enex/import-enex.fuzz.test.ts: random chunking, byte mutators, and the importer's contract as assertions. */

/** The bytes in pieces of random size (1 byte up to `maxChunk`), as a file read would deliver them. */
export async function* randomChunks(bytes: Buffer, random: Random, maxChunk = 8192): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length;) {
    const size = randomInt(random, 1, maxChunk);
    yield await Promise.resolve(bytes.subarray(at, at + size));
    at += size;
  }
}

/** XML-shaped fragments that make the parser change state mid-note. */
const TOKENS = ['<', '>', '&', '&amp', ']]>', '<![CDATA[', '<!--', '-->', '</note>', '<note>', '<data>', '</data>', '<resource>', '=', '"', '\u0000', '\uFFFE', '\uD800', '<?', '<!DOCTYPE x [<!ENTITY a "b">]>', '&a;'];

export interface Mutation {
  /** First byte the mutation changed: everything before it is the original file. */
  at: number;
  bytes: Buffer;
  label: string;
}

/** One random edit at a random offset: a bit flip, inserted garbage or XML tokens, a deletion, a duplicated range. */
export function mutate(input: Buffer, random: Random): Mutation {
  const at = randomInt(random, 0, Math.max(0, input.length - 1));
  const head = input.subarray(0, at);
  const kind = randomInt(random, 0, 4);
  if (kind === 0) {
    const copy = Buffer.from(input);
    copy[at] = (copy[at] ?? 0) ^ (1 << randomInt(random, 0, 7));
    return { at, bytes: copy, label: `flip @${at}` };
  }
  if (kind === 1) {
    const garbage = Buffer.from(Array.from({ length: randomInt(random, 1, 32) }, () => randomInt(random, 0, 255)));
    return { at, bytes: Buffer.concat([head, garbage, input.subarray(at)]), label: `garbage @${at}` };
  }
  if (kind === 2) {
    const token = pick(random, TOKENS);
    return { at, bytes: Buffer.concat([head, Buffer.from(token), input.subarray(at)]), label: `insert ${JSON.stringify(token)} @${at}` };
  }
  const length = randomInt(random, 1, 256);
  if (kind === 3) return { at, bytes: Buffer.concat([head, input.subarray(at + length)]), label: `delete ${length} @${at}` };
  return { at, bytes: Buffer.concat([head, input.subarray(at, at + length), input.subarray(at)]), label: `duplicate ${length} @${at}` };
}

/** How many notes end (`</note>`) within the first `length` bytes: those must come out as in the intact file. */
export function notesEndingBefore(bytes: Buffer, length: number): number {
  const text = bytes.subarray(0, length).toString('latin1');
  return text.split('</note>').length - 1;
}

export interface Outcome {
  report: ImportReport | null;
  /** The EnexRefusedError message when the file was refused as a whole. */
  refusal: string | null;
}

/**
 * Runs the importer and checks its contract: it either returns a report whose every failure is a
 * note-level entry with a message, or throws EnexRefusedError; anything else fails the test.
 */
export async function importHostile(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, sink: ImportSink): Promise<Outcome> {
  let report: ImportReport;
  try {
    const stream = Symbol.asyncIterator in input ? input : (async function* replay() {
      for (const chunk of input) yield await Promise.resolve(chunk);
    })();
    report = await importEnex(stream, sink, 'fuzz');
  } catch (error) {
    if (!(error instanceof EnexRefusedError)) throw error;
    expect(error.message).toMatch(/\w/);
    return { report: null, refusal: error.message };
  }
  const indexes = [...report.imported, ...report.unchanged, ...report.failed].map((e) => e.index).sort((a, b) => a - b);
  expect(indexes).toEqual(indexes.map((_, i) => i + 1));
  for (const failure of report.failed) expect(failure.error).toMatch(/\w{3}/);
  return { report, refusal: null };
}

/**
 * The notes in input order as `<outcome> <title>`: imported (new), unchanged (an identical note,
 * same fingerprint over title, dates, ENML and resource hashes, is already stored) or failed.
 */
export function entries(report: ImportReport | null): string[] {
  if (!report) return [];
  const rows = [
    ...report.imported.map((e) => ({ index: e.index, text: `imported ${e.title}` })),
    ...report.unchanged.map((e) => ({ index: e.index, text: `unchanged ${e.title}` })),
    ...report.failed.map((e) => ({ index: e.index, text: `failed ${e.title ?? ''}` })),
  ];
  return rows.sort((a, b) => a.index - b.index).map((r) => r.text);
}
