/** A sitemap of SITEMAP_NOTES indexable notes: time, shard sizes and memory while streaming every shard. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { httpCount, httpGet } from '../http';
import { peakRssBytes, removeTempDir, rssBytes, tempDir } from '../procs';
import { notes, progress, rows, verdict } from '../report';
import { buildSitemapDatabase } from '../sitemap-db';
import { startWebFunction, type BenchStep } from '../setup';
import { mb, num } from '../stats';

const SITEMAP_NOTES = 1_000_000;
const PORT = { sitemap: 9431 } as const;

async function sitemapRow(): Promise<void> {
  progress(`sitemap: building a database with ${SITEMAP_NOTES.toLocaleString('en-US')} indexable notes`);
  const dir = tempDir('notes-bench-sitemap-');
  const dbPath = join(dir, 'notes.db');
  const buildStart = performance.now();
  buildSitemapDatabase(dbPath, SITEMAP_NOTES);
  const buildSeconds = (performance.now() - buildStart) / 1000;
  progress(`  built in ${num(buildSeconds)} s (${mb(statSync(dbPath).size)}); starting the web function on it`);
  const server = await startWebFunction(PORT.sitemap, dbPath);
  let sampler: NodeJS.Timeout | null = null;
  try {
    const base = `http://127.0.0.1:${PORT.sitemap}`;
    const before = rssBytes(server.pid);
    let sampledPeak = before;
    sampler = setInterval(() => {
      try {
        sampledPeak = Math.max(sampledPeak, rssBytes(server.pid));
      } catch {
        // server gone; the fetch fails too
      }
    }, 20);
    const t0 = performance.now();
    const index = await httpGet(`${base}/sitemap.xml`);
    if (index.status !== 200) throw new Error(`/sitemap.xml answered ${index.status}`);
    const indexMs = performance.now() - t0;
    const locs = [...index.body.toString('utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '', base));
    let urls = 0;
    let largest = 0;
    let bytes = index.body.length;
    for (const [i, loc] of locs.entries()) {
      const shard = await httpCount(`${base}${loc.pathname}`, '<url>');
      if (shard.status !== 200) throw new Error(`${loc.pathname} answered ${shard.status}`);
      urls += shard.count;
      bytes += shard.bytes;
      largest = Math.max(largest, shard.bytes);
      if ((i + 1) % 50 === 0) progress(`  ${i + 1}/${locs.length} shards, ${urls.toLocaleString('en-US')} URLs`);
    }
    const totalSeconds = (performance.now() - t0) / 1000;
    const peak = peakRssBytes(server.pid);
    if (urls !== SITEMAP_NOTES) notes.push(`sitemap: ${urls.toLocaleString('en-US')} URLs listed for ${SITEMAP_NOTES.toLocaleString('en-US')} indexable notes`);
    rows.push({
      figure: `Sitemap of ${SITEMAP_NOTES.toLocaleString('en-US')} indexable notes (/sitemap.xml + every shard, sequential, streamed)`,
      ours: `${num(totalSeconds)} s total (index ${num(indexMs)} ms); ${locs.length} shards, ${urls.toLocaleString('en-US')} URLs, ${mb(bytes)}; largest shard ${mb(largest)}; RSS ${mb(before)} before → peak ${mb(peak)} (VmHWM; sampled VmRSS peak ${mb(sampledPeak)})`,
      baseline: '-',
      ratio: '-',
      budget: verdict('largest shard ≤ 10 MB (Baidu cap)', largest <= 10 * 1024 * 1024),
    });
    notes.push(`Sitemap database built with better-sqlite3 in ${num(buildSeconds)} s (not part of the figure).`);
  } finally {
    if (sampler) clearInterval(sampler);
    await server.stop();
    removeTempDir(dir);
  }
}

export const sitemapStep: BenchStep = { name: 'Sitemap', run: () => sitemapRow() };
