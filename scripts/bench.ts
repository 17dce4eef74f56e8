/**
 * `npm run bench [-- --no-build] [--only <step>,<step>]`: builds once (npm run build && npm run
 * package), measures the published pages against baselines taken in the same run, prints the table
 * and writes it to docs/reports/BENCHMARKS.md (not with --only, which runs some steps, e.g.
 * `--only RSS`, and only prints them). Rows that miss their budget say OVER BUDGET; that never fails
 * the process (a measurement that could not be taken does). Every child process is killed on the
 * way out. Ports 9400-9499 only, each step its own.
 *
 * Each step is one file in scripts/bench/steps/ exporting a BenchStep (scripts/bench/setup.ts).
 * Adding a row = adding such a file (with its own ports) and one line in STEPS below.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { functionDir, killAll, repoRoot, sleep } from './bench/procs';
import { elapsedSeconds, failedRow, failures, markdown, notes, progress, rows } from './bench/report';
import { corpusEnexDir, CorpusMissingError, LOAD_RUNS, LOAD_SECONDS, prepareFixture, runCommand, type BenchStep, type Fixture, type StepContext } from './bench/setup';
import { COLD_RUNS, coldStep } from './bench/steps/cold-start';
import { compressionStep } from './bench/steps/compression';
import { hostileStep } from './bench/steps/hostile';
import { hotStep } from './bench/steps/hot';
import { memoryStep } from './bench/steps/memory';
import { packageStep } from './bench/steps/package-size';
import { RENDER_RUNS, renderStep } from './bench/steps/render';
import { RSS_RUNS, rssStep } from './bench/steps/rss';
import { sitemapStep } from './bench/steps/sitemap';
import { uncachedStep } from './bench/steps/uncached';
import { kb, num } from './bench/stats';

const STEPS: readonly BenchStep[] = [
  uncachedStep,
  hotStep,
  renderStep,
  coldStep,
  packageStep,
  rssStep,
  sitemapStep,
  compressionStep,
  memoryStep,
  hostileStep,
];

const REPORT = join(repoRoot, 'docs', 'reports', 'BENCHMARKS.md');

const USAGE = `usage: npm run bench [-- --no-build] [--only <step>,<step>]

Builds (npm run build && npm run package), runs every step against baselines measured in the same
run and writes docs/reports/BENCHMARKS.md. Takes about 7 minutes of both cores; needs the ENEX
corpus (CORPUS_DIR, default ../shared/corpus) for the steps that measure notes.

  --no-build      use the existing .next/ and dist/
  --only <steps>  run only these steps (comma-separated, case-insensitive) and print their rows;
                  the report file is left as it was
  -h, --help      print this and exit

steps: ${STEPS.map((s) => s.name).join(', ')}`;

interface Options {
  build: boolean;
  only: string[] | null;
}

function parseArgs(args: readonly string[]): Options | 'help' {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  let build = true;
  let only: string[] | null = null;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--no-build') build = false;
    else if (arg === '--only') {
      only = (args[i + 1] ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
      if (only.length === 0) throw new Error('--only needs a comma-separated list of steps');
      i += 1;
    } else throw new Error(`unknown argument: ${arg ?? ''}`);
  }
  const unknownSteps = (only ?? []).filter((name) => !STEPS.some((step) => step.name.toLowerCase() === name));
  if (unknownSteps.length > 0) throw new Error(`unknown steps: ${unknownSteps.join(', ')} (steps: ${STEPS.map((s) => s.name).join(', ')})`);
  return { build, only };
}

function lazy<T>(make: () => T): () => T {
  let value: { v: T } | null = null;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}

async function main(options: Options): Promise<void> {
  if (!options.build) progress('--no-build: using the existing build and dist/');
  else {
    runCommand('npm', ['run', 'build']);
    runCommand('npm', ['run', 'package']);
  }
  if (!existsSync(join(functionDir, 'server.js')) || !existsSync(join(functionDir, 'sls.js'))) throw new Error('dist/ is missing: run without --no-build');

  const enexDir = lazy(corpusEnexDir);
  const fixture = lazy((): Fixture => {
    progress('preparing databases: demo seed + corpus import through the CLI');
    const f = prepareFixture(enexDir());
    progress(`median corpus note: "${f.median.title}" (${kb(f.median.enmlBytes)} ENML, of ${f.corpusNotes} corpus notes); largest demo note: "${f.largest.title}" (${kb(f.largest.enmlBytes)})`);
    return f;
  });
  const ctx: StepContext = { enexDir, fixture };

  for (const step of STEPS) {
    if (options.only && !options.only.includes(step.name.toLowerCase())) continue;
    // A server killed from outside mid-measurement spoils the step: take it once more before giving up.
    for (let tries = 1; ; tries += 1) {
      try {
        await step.run(ctx);
        break;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof CorpusMissingError) {
          progress(`${step.name} skipped: ${message}`);
          rows.push({ figure: step.name, ours: `skipped: ${message}`, baseline: '', ratio: '', budget: '' });
          break;
        }
        if (tries < 2) {
          progress(`${step.name} failed, repeating the step: ${message.split('\n')[0] ?? ''}`);
          notes.push(`${step.name}: the first attempt failed and the step was repeated (${message.split('\n')[0] ?? ''})`);
          continue;
        }
        progress(`${step.name} FAILED: ${message}`);
        rows.push(failedRow(step.name, error));
        break;
      }
    }
    await sleep(200);
  }

  const text = markdown(`every baseline is measured in the same run as its row. Load tests: autocannon, 10 connections, ${LOAD_SECONDS} s per run, median of ${LOAD_RUNS} runs (min–max), runs interleaved with their baseline after a 1 s warm-up; cold starts: median of ${COLD_RUNS}, every process (the floor, the functions, next start) started in a clean environment as SCF starts a function (its built-in variables and the function's own settings, not the shell's: scripts/bench/scf-env.ts); render: median of ${RENDER_RUNS} runs of ≥ 1 s; RSS after load: median of ${RSS_RUNS} runs, interleaved with the baseline. Servers run with DEPLOY_ENV=production on fresh copies of a database seeded with the demo notes plus the ENEX corpus.`);
  console.log(`\n${text}`);
  if (options.only) progress(`--only: docs/reports/BENCHMARKS.md left as it was (${num(elapsedSeconds())} s)`);
  else {
    mkdirSync(dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, text);
    progress(`wrote docs/reports/BENCHMARKS.md in ${num(elapsedSeconds())} s`);
  }
  if (failures.length > 0) {
    for (const failure of failures) console.error(failure);
    process.exitCode = 1;
  }
}

let options: Options | 'help';
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)} (npm run bench -- --help)`);
  process.exit(2);
}
if (options === 'help') {
  console.log(USAGE);
  process.exit(0);
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

main(options)
  .catch((error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(killAll);
