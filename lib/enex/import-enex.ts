import type { EnexEntry, EnexNote } from './types';
import { readEnex } from './read-enex';

export interface ImportSink {
  importNote(note: EnexNote, notebook: string): { status: 'imported' | 'unchanged'; noteId: string };
}

export interface ImportReport {
  imported: Array<{ index: number; noteId: string; title: string; resources: number }>;
  unchanged: Array<{ index: number; noteId: string; title: string }>;
  failed: Array<{ index: number; title: string | null; error: string }>;
  warnings: Array<{ index: number; message: string }>;
}

/**
 * Imports every note of an ENEX stream into `sink`, one transaction per note: a note that cannot
 * be parsed or stored is reported and skipped, and never leaves part of itself behind. Throws
 * EnexRefusedError (before writing anything) when the file as a whole is refused.
 */
export async function importEnex(input: AsyncIterable<Buffer | string>, sink: ImportSink, notebook: string): Promise<ImportReport> {
  const report: ImportReport = { imported: [], unchanged: [], failed: [], warnings: [] };
  for await (const entry of readEnex(input)) record(entry, sink, notebook, report);
  return report;
}

function record(entry: EnexEntry, sink: ImportSink, notebook: string, report: ImportReport): void {
  if (!entry.ok) {
    report.failed.push({ index: entry.index, title: entry.title, error: entry.error });
    return;
  }
  for (const message of entry.warnings) report.warnings.push({ index: entry.index, message });
  try {
    const result = sink.importNote(entry.note, notebook);
    const row = { index: entry.index, noteId: result.noteId, title: entry.note.title };
    if (result.status === 'imported') report.imported.push({ ...row, resources: entry.note.resources.length });
    else report.unchanged.push(row);
  } catch (error) {
    report.failed.push({ index: entry.index, title: entry.note.title, error: `could not be stored: ${(error as Error).message}` });
  }
}
