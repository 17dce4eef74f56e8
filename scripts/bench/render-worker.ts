/**
 * ENML -> HTML render throughput, run by `npm run bench` in its own process with
 * NODE_ENV=production (React's development build would be several times slower).
 *   node --import tsx scripts/bench/render-worker.ts <enex-dir> <runs>
 * Prints one JSON line (RenderReport) after a @@RESULT@@ marker.
 */
import { createReadStream } from 'node:fs';
import { createElement, isValidElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { listEnexFiles } from '../../lib/enex/list-enex-files';
import { readEnex } from '../../lib/enex/read-enex';
import { EnexRefusedError, type EnexNote } from '../../lib/enex/types';
import { loadHighlighter } from '../../lib/enml/highlight';
import { labelsFor } from '../../lib/enml/labels';
import { parseEnml } from '../../lib/enml/parse-enml';
import { renderEnml, type ResolvedResource } from '../../lib/enml/render-enml';
import { isInlineImage, probeResource } from '../../lib/notes/resource-kind';

export interface RenderReport {
  files: number;
  refusedFiles: number;
  notes: number;
  failedNotes: number;
  elements: number;
  htmlBytes: number;
  /** notes/s of parseEnml + renderEnml + renderToStaticMarkup over the whole corpus, one value per run. */
  ours: number[];
  /** notes/s equivalent of rendering a fixed tree with the same element count (corpus notes / seconds per render). */
  baseline: number[];
}

function countElements(node: ReactNode): number {
  if (Array.isArray(node)) return (node as readonly ReactNode[]).reduce<number>((sum, child) => sum + countElements(child), 0);
  if (isValidElement<{ children?: ReactNode }>(node)) return 1 + countElements(node.props.children);
  return 0;
}

interface Prepared {
  enml: string;
  resources: Record<string, ResolvedResource>;
}

function prepare(note: EnexNote): Prepared {
  const resources: Record<string, ResolvedResource> = {};
  for (const r of note.resources) {
    const probe = probeResource(r.data, r.mime);
    resources[r.hash] = {
      url: `/r/AAAAAAAAAAAAAAAAAAAAAA/${r.hash}`,
      mime: probe.mime,
      size: r.data.length,
      fileName: r.fileName ?? r.hash.slice(0, 12),
      width: probe.width,
      height: probe.height,
      isImage: isInlineImage(probe.mime, probe.width),
    };
  }
  return { enml: note.enml, resources };
}

function renderNote(note: Prepared): string {
  const parsed = parseEnml(note.enml);
  const elements = renderEnml(parsed.nodes, { resolveResource: (hash) => note.resources[hash] ?? null, labels: labelsFor(parsed.lang ?? 'en') });
  return renderToStaticMarkup(createElement('div', { className: 'note-body' }, elements));
}

/** Runs `work` repeatedly for at least `minMs`; returns the calls per second. */
function rate(work: () => void, minMs = 1000): number {
  let calls = 0;
  const start = performance.now();
  for (;;) {
    work();
    calls += 1;
    const elapsed = performance.now() - start;
    if (elapsed >= minMs) return (calls * 1000) / elapsed;
  }
}

async function main(): Promise<void> {
  const [dir, runsArg] = process.argv.slice(2);
  if (!dir) throw new Error('usage: render-worker.ts <enex-dir> [runs]');
  const runs = Number(runsArg ?? 5);
  // As the note page does for notes with code: the grammars load on demand.
  await loadHighlighter();
  const files = listEnexFiles(dir);
  const notes: Prepared[] = [];
  let refusedFiles = 0;
  let failedNotes = 0;
  for (const file of files) {
    try {
      for await (const entry of readEnex(createReadStream(file))) {
        if (entry.ok) notes.push(prepare(entry.note));
        else failedNotes += 1;
      }
    } catch (error) {
      if (!(error instanceof EnexRefusedError)) throw error;
      refusedFiles += 1;
    }
  }

  // The element count of what the corpus renders to, for the fixed-tree baseline.
  let elements = 0;
  let htmlBytes = 0;
  for (const note of notes) {
    const parsed = parseEnml(note.enml);
    elements += 1 + countElements(renderEnml(parsed.nodes, { resolveResource: (hash) => note.resources[hash] ?? null, labels: labelsFor(parsed.lang ?? 'en') }));
    htmlBytes += Buffer.byteLength(renderNote(note));
  }
  const fixed = createElement('div', null, Array.from({ length: Math.max(0, elements - 1) }, (_, i) => createElement('p', { key: i }, 'text')));

  const pass = (): void => {
    for (const note of notes) renderNote(note);
  };
  const renderFixed = (): void => {
    renderToStaticMarkup(fixed);
  };
  // Warm both paths up (JIT) before measuring.
  rate(pass, 300);
  rate(renderFixed, 300);
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    ours.push(rate(pass) * notes.length);
    baseline.push(rate(renderFixed) * notes.length);
  }
  const report: RenderReport = { files: files.length, refusedFiles, notes: notes.length, failedNotes, elements, htmlBytes, ours, baseline };
  process.stdout.write(`\n@@RESULT@@${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
