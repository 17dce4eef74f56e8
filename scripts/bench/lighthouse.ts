/**
 * Lighthouse 12 scores and page weight for a list of pages on a running server:
 *
 *   npx tsx scripts/bench/lighthouse.ts http://127.0.0.1:3300 / /en /s/<id>/<slug> [--runs 3] [--out dir] [--audits]
 *
 * Each page is measured N times (sequentially: Lighthouse's simulated throttling is CPU-sensitive)
 * with mobile emulation and the default (simulated) throttling; the table gives the median of every
 * column and the min–max of Performance. JS is the sum of transferSize over resourceType Script in
 * the network-requests audit, HTML the same over Document. Lighthouse runs through `npx --yes
 * lighthouse@12` and is not a dependency of the project. Error status codes (a 404 page) are
 * measured too (--ignore-status-code); the Status column shows the document's status.
 * --out keeps every report (<out>/<page>-<run>.json); --audits lists, for the median run of every
 * page, the audits that did not pass.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

export const DEFAULT_CHROME_PATH = '/usr/bin/chromium';
export const DEFAULT_CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];
const RUN_TIMEOUT_MS = 180_000;
const RETRIES = 2;

export interface LighthouseOptions {
  runs?: number;
  chromePath?: string;
  chromeFlags?: string[];
  /** Keep the JSON reports here; otherwise they go to a temporary directory that is removed. */
  outDir?: string;
  log?: (message: string) => void;
}

/** One Lighthouse run, reduced to what the table needs (the full report stays in `reportPath`). */
export interface RunResult {
  /** 0–100, null when Lighthouse could not score the category. */
  scores: Record<Category, number | null>;
  jsBytes: number;
  htmlBytes: number;
  totalBytes: number;
  requests: number;
  status: number | null;
  runtimeError: string | null;
  warnings: string[];
  failingAudits: FailingAudit[];
  reportPath: string | null;
}

export interface FailingAudit {
  category: Category;
  id: string;
  title: string;
  score: number | null;
  displayValue: string | null;
  /** Short descriptions of the elements/resources the audit names (selectors, URLs, snippets). */
  items: string[];
}

export interface PageResult {
  path: string;
  url: string;
  runs: RunResult[];
  median: {
    scores: Record<Category, number | null>;
    performanceMin: number | null;
    performanceMax: number | null;
    jsBytes: number;
    htmlBytes: number;
    totalBytes: number;
  };
  /** The run whose Performance score is the median (for audit details). */
  medianRun: RunResult;
}

// ---- Lighthouse report (only the fields read here) ----

interface LhAuditItem {
  url?: string;
  resourceType?: string;
  transferSize?: number;
  resourceSize?: number;
  statusCode?: number;
  node?: { selector?: string; snippet?: string; nodeLabel?: string; explanation?: string };
  source?: { type?: string; url?: string; line?: number; selector?: string; snippet?: string };
  description?: string;
  [key: string]: unknown;
}

interface LhAudit {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  displayValue?: string;
  numericValue?: number;
  details?: { type?: string; items?: LhAuditItem[] };
}

interface LhReport {
  finalDisplayedUrl?: string;
  runtimeError?: { code: string; message: string };
  runWarnings?: string[];
  categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> } | undefined>;
  audits: Record<string, LhAudit | undefined>;
}

// ---- helpers ----

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function medianOrNull(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.round(median(present));
}

function describeItem(item: LhAuditItem): string {
  const node: { selector?: string; snippet?: string; explanation?: string } | undefined = item.node ?? (item.source?.type === 'node' ? item.source : undefined);
  if (node && (node.selector || node.snippet)) {
    const label = node.snippet ?? node.selector ?? '';
    const why = node.explanation ? ` (${node.explanation.replace(/\s+/g, ' ').slice(0, 200)})` : '';
    return `${node.selector ?? ''} ${label.slice(0, 160)}${why}`.trim();
  }
  if (typeof item.url === 'string') {
    const extra = Object.entries(item)
      .filter((entry): entry is [string, number | string] => entry[0] !== 'url' && (typeof entry[1] === 'number' || typeof entry[1] === 'string') && String(entry[1]).length < 80)
      .map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v) : v}`)
      .join(' ');
    return `${item.url}${extra ? ` ${extra}` : ''}`;
  }
  if (item.source?.url) return `${item.source.url}:${item.source.line ?? '?'}`;
  if (typeof item.description === 'string') return item.description.slice(0, 200);
  return JSON.stringify(item).slice(0, 200);
}

/** Audits that count towards a category and did not pass (score < 1; informative/manual ones excluded). */
export function failingAudits(report: LhReport): FailingAudit[] {
  const out: FailingAudit[] = [];
  for (const category of CATEGORIES) {
    for (const ref of report.categories[category]?.auditRefs ?? []) {
      const audit = report.audits[ref.id];
      if (!audit) continue;
      if (audit.scoreDisplayMode !== 'binary' && audit.scoreDisplayMode !== 'numeric' && audit.scoreDisplayMode !== 'metricSavings') continue;
      if (audit.score === null || audit.score >= 1) continue;
      // Performance metric audits with weight 0 (and passing metricSavings) do not move the score.
      if (audit.scoreDisplayMode === 'metricSavings' && audit.score >= 0.9) continue;
      out.push({
        category,
        id: audit.id,
        title: audit.title,
        score: audit.score,
        displayValue: audit.displayValue ?? null,
        items: (Array.isArray(audit.details?.items) ? audit.details.items : []).slice(0, 8).map(describeItem),
      });
    }
  }
  return out;
}

/** Reduces one Lighthouse JSON report. */
export function summarizeReport(report: LhReport, reportPath: string | null = null): RunResult {
  const scores = Object.fromEntries(
    CATEGORIES.map((c) => {
      const score = report.categories[c]?.score;
      return [c, typeof score === 'number' ? Math.round(score * 100) : null];
    }),
  ) as Record<Category, number | null>;
  const listed = report.audits['network-requests']?.details?.items;
  const requests = Array.isArray(listed) ? listed : [];
  const sum = (type: string | null): number =>
    requests.filter((r) => type === null || r.resourceType === type).reduce((total, r) => total + (r.transferSize ?? 0), 0);
  const documentRequest = requests.find((r) => r.resourceType === 'Document');
  return {
    scores,
    jsBytes: sum('Script'),
    htmlBytes: sum('Document'),
    totalBytes: sum(null),
    requests: requests.length,
    status: documentRequest?.statusCode ?? null,
    runtimeError: report.runtimeError ? `${report.runtimeError.code}: ${report.runtimeError.message}` : null,
    warnings: report.runWarnings ?? [],
    failingAudits: failingAudits(report),
    reportPath,
  };
}

let current: ChildProcess | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // Lighthouse kills the Chrome it launched when it is itself interrupted.
    if (current?.pid !== undefined && current.exitCode === null) current.kill('SIGINT');
    process.exit(130);
  });
}

/** Runs Lighthouse once and returns the path of its JSON report. */
function runLighthouseCli(url: string, outputPath: string, options: Required<Pick<LighthouseOptions, 'chromePath' | 'chromeFlags'>>): Promise<void> {
  const args = [
    '--yes', 'lighthouse@12', url,
    '--output=json', `--output-path=${outputPath}`, '--quiet',
    `--chrome-path=${options.chromePath}`, `--chrome-flags=${options.chromeFlags.join(' ')}`,
    '--form-factor=mobile', '--screenEmulation.mobile', '--throttling-method=simulate',
    `--only-categories=${CATEGORIES.join(',')}`,
    '--ignore-status-code',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    let stderr = '';
    child.stdout?.on('data', () => undefined);
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4_000);
    });
    const timer = setTimeout(() => child.kill('SIGINT'), RUN_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      current = null;
      if (code === 0) resolve();
      else reject(new Error(`lighthouse ${url} exited with ${code ?? signal}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}

function fileStem(path: string): string {
  return path.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'root';
}

/** Measures every path `runs` times (sequentially) and summarizes each page. */
export async function runLighthouse(baseUrl: string, paths: readonly string[], options: LighthouseOptions = {}): Promise<PageResult[]> {
  const runs = options.runs ?? 3;
  const chromePath = options.chromePath ?? DEFAULT_CHROME_PATH;
  const chromeFlags = options.chromeFlags ?? DEFAULT_CHROME_FLAGS;
  const log = options.log ?? ((message: string) => console.error(message));
  const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), 'lighthouse-'));
  mkdirSync(outDir, { recursive: true });
  const results: PageResult[] = [];
  try {
    for (const [index, path] of paths.entries()) {
      const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
      const pageRuns: RunResult[] = [];
      for (let run = 1; run <= runs; run += 1) {
        const reportPath = join(outDir, `${String(index + 1).padStart(2, '0')}-${fileStem(path)}-${run}.json`);
        const started = performance.now();
        let result: RunResult;
        // A run that fails (the server restarted, Chrome hit an interstitial) is taken again, up to twice.
        for (let attempt = 1; ; attempt += 1) {
          try {
            await runLighthouseCli(url, reportPath, { chromePath, chromeFlags });
            const report = JSON.parse(readFileSync(reportPath, 'utf8')) as LhReport;
            result = summarizeReport(report, options.outDir ? reportPath : null);
            if (result.runtimeError) throw new Error(result.runtimeError);
            break;
          } catch (error) {
            if (attempt > RETRIES) throw error;
            log(`[lighthouse] ${path} run ${run}/${runs} failed, taking it again: ${error instanceof Error ? error.message : String(error)}`);
            await new Promise((done) => setTimeout(done, 3_000));
          }
        }
        pageRuns.push(result);
        const s = result.scores;
        log(`[lighthouse] ${path} run ${run}/${runs}: perf ${s.performance ?? '-'} a11y ${s.accessibility ?? '-'} bp ${s['best-practices'] ?? '-'} seo ${s.seo ?? '-'}, JS ${result.jsBytes} B, HTML ${result.htmlBytes} B (${((performance.now() - started) / 1000).toFixed(0)} s)${result.runtimeError ? ` ERROR ${result.runtimeError}` : ''}`);
      }
      const perf = pageRuns.map((r) => r.scores.performance).filter((v): v is number => v !== null);
      const perfMedian = medianOrNull(perf);
      const medianRun = pageRuns.reduce((best, r) =>
        Math.abs((r.scores.performance ?? 0) - (perfMedian ?? 0)) < Math.abs((best.scores.performance ?? 0) - (perfMedian ?? 0)) ? r : best,
      pageRuns[0] as RunResult);
      results.push({
        path,
        url,
        runs: pageRuns,
        median: {
          scores: Object.fromEntries(CATEGORIES.map((c) => [c, medianOrNull(pageRuns.map((r) => r.scores[c]))])) as Record<Category, number | null>,
          performanceMin: perf.length ? Math.min(...perf) : null,
          performanceMax: perf.length ? Math.max(...perf) : null,
          jsBytes: median(pageRuns.map((r) => r.jsBytes)),
          htmlBytes: median(pageRuns.map((r) => r.htmlBytes)),
          totalBytes: median(pageRuns.map((r) => r.totalBytes)),
        },
        medianRun,
      });
    }
  } finally {
    if (!options.outDir) rmSync(outDir, { recursive: true, force: true });
  }
  return results;
}

/** The path as a reader would type it (percent-encoded slugs decoded). */
function displayPath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function bytes(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n < 1024 ? `${Math.round(n)} B` : `${(n / 1024).toFixed(1)} KB`;
}

function score(value: number | null): string {
  return value === null ? 'n/a' : String(value);
}

/** The results as a Markdown table (medians; Performance with its min–max). */
export function markdownTable(results: readonly PageResult[], runs: number): string {
  const lines = [
    `| Page | Status | Performance (min–max) | Accessibility | Best Practices | SEO | JS transferred | HTML transferred | Total transferred |`,
    `|---|---|---|---|---|---|---|---|---|`,
  ];
  for (const r of results) {
    const m = r.median;
    const perf = m.scores.performance === null ? 'n/a' : `${m.scores.performance} (${score(m.performanceMin)}–${score(m.performanceMax)})`;
    lines.push(`| \`${displayPath(r.path)}\` | ${r.medianRun.status ?? '?'} | ${perf} | ${score(m.scores.accessibility)} | ${score(m.scores['best-practices'])} | ${score(m.scores.seo)} | ${bytes(m.jsBytes)} | ${bytes(m.htmlBytes)} | ${bytes(m.totalBytes)} |`);
  }
  lines.push('', `Lighthouse 12, mobile emulation, simulated throttling; median of ${runs} run(s) per page.`);
  return lines.join('\n');
}

/** The audits that did not pass in each page's median run. */
export function markdownAudits(results: readonly PageResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const failing = r.medianRun.failingAudits;
    if (failing.length === 0 && !r.medianRun.runtimeError) continue;
    lines.push(`### \`${displayPath(r.path)}\``, '');
    if (r.medianRun.runtimeError) lines.push(`- runtime error: ${r.medianRun.runtimeError}`);
    for (const a of failing) {
      lines.push(`- [${a.category}] \`${a.id}\` (score ${a.score ?? 'n/a'}${a.displayValue ? `, ${a.displayValue}` : ''}): ${a.title}`);
      for (const item of a.items) lines.push(`  - ${item.replace(/\s+/g, ' ')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const USAGE = `usage: npm run lighthouse -- <base-url> <path> [<path> ...] [--runs N] [--out DIR] [--audits] [--chrome-path PATH]

Runs Lighthouse (Chromium at ${DEFAULT_CHROME_PATH} by default) on each path of a running server,
--runs times (default 3), and prints the median scores; --audits lists the audits that did not pass.`;

function usage(): never {
  console.error(`${USAGE.split('\n')[0] ?? ''} (npm run lighthouse -- --help)`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const positional: string[] = [];
  let runs = 3;
  let outDir: string | undefined;
  let chromePath = DEFAULT_CHROME_PATH;
  let audits = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const value = (): string => args[++i] ?? usage();
    if (arg === '--runs') runs = Number(value());
    else if (arg === '--out') outDir = value();
    else if (arg === '--chrome-path') chromePath = value();
    else if (arg === '--audits') audits = true;
    else if (arg.startsWith('--')) usage();
    else positional.push(arg);
  }
  const [baseUrl, ...paths] = positional;
  if (!baseUrl || paths.length === 0 || !Number.isInteger(runs) || runs < 1) usage();
  const results = await runLighthouse(baseUrl, paths, { runs, outDir, chromePath });
  console.log(markdownTable(results, runs));
  if (audits) console.log(`\n## Audits that did not pass (median run)\n\n${markdownAudits(results)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
