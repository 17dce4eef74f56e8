/**
 * Hot note and 304 against a plain node:http replay of the same bytes and headers. The budgeted
 * rows are the production shape: the function reading the note service (NOTE_STORE=http, the
 * reference service over a copy of the same database; its adapter keeps versions for
 * NOTE_CACHE_TTL_MS). The same figures on SQLite follow as extra rows. Also the page-weight table.
 */
import { resolve } from 'node:path';
import { countScripts, httpGet, replayableHeaders, startPlainServer, type ScriptCount } from '../http';
import { runLoad } from '../load';
import { assertPortFree, copyDatabase, removeTempDir, repoRoot, startProc, waitForStatus, type Proc } from '../procs';
import { progress, rawRuns, rows, sections, verdict } from '../report';
import { expectStatus, load, LOAD_RUNS, LOAD_SECONDS, startWebFunction, type BenchStep, type Fixture } from '../setup';
import { kb, num, range, ratio, summarize } from '../stats';

const PORT = { hot: 9402, plain: 9403, noteService: 9405, hotHttp: 9406 } as const;
/** Gzipped JavaScript a notebook page may load (it is the one page that hydrates). */
const NOTEBOOK_JS_BUDGET = 100 * 1024;

type PageWeights = Map<string, { html: number; scripts: ScriptCount; status: number }>;

async function hotRows(f: Fixture): Promise<PageWeights> {
  progress('hot note and 304: web function on the note service (NOTE_STORE=http) and on SQLite, page cache on (default), vs a plain node:http replay');
  const db = copyDatabase(f.dbPath);
  const server = await startWebFunction(PORT.hot, db);
  let plain: Proc | null = null;
  const serviceDb = copyDatabase(f.dbPath);
  let service: Proc | null = null;
  let httpServer: Proc | null = null;
  try {
    await assertPortFree(PORT.noteService);
    service = startProc(process.execPath, ['--import', 'tsx', 'scripts/note-service.ts'], { NOTES_DB_PATH: resolve(serviceDb), NOTES_SEED_DEMO: 'false', NOTE_SERVICE_PORT: String(PORT.noteService) }, repoRoot);
    await waitForStatus(service, `http://127.0.0.1:${PORT.noteService}/v1/shares/AAAAAAAAAAAAAAAAAAAAAA`, 404, 60_000, 20);
    httpServer = await startWebFunction(PORT.hotHttp, db, { NOTE_STORE: 'http', NOTE_SERVICE_URL: `http://127.0.0.1:${PORT.noteService}` });
    const httpUrl = `http://127.0.0.1:${PORT.hotHttp}${f.median.path}`;
    await httpGet(httpUrl);
    const page = await httpGet(httpUrl);
    if (page.status !== 200) throw new Error(`${httpUrl} answered ${page.status}`);
    const etag = page.headers.etag;
    if (typeof etag !== 'string') throw new Error('the note page sent no ETag');
    const notModified = await httpGet(httpUrl, { 'if-none-match': etag });
    if (notModified.status !== 304) throw new Error(`If-None-Match answered ${notModified.status}, expected 304`);

    const base = `http://127.0.0.1:${PORT.hot}`;
    const url = base + f.median.path;
    await httpGet(url);
    // Its own validator: the two stores need not spell a share's version alike.
    const sqliteEtag = (await httpGet(url)).headers.etag;
    if (typeof sqliteEtag !== 'string') throw new Error('the note page sent no ETag (SQLite)');
    await expectStatus(url, 304, { 'if-none-match': sqliteEtag });

    await assertPortFree(PORT.plain);
    plain = startPlainServer(PORT.plain, {
      etag,
      headers: replayableHeaders(page.headers),
      body: page.body.toString('base64'),
      notModifiedHeaders: replayableHeaders(notModified.headers),
    });
    const plainUrl = `http://127.0.0.1:${PORT.plain}${f.median.path}`;
    await waitForStatus(plain, plainUrl, 200, 10_000, 20);
    const replay = await httpGet(plainUrl);
    if (!replay.body.equals(page.body)) throw new Error('the plain server does not replay the same bytes');
    await expectStatus(plainUrl, 304, { 'if-none-match': etag });

    // Page weights, from the SQLite server.
    const pages: PageWeights = new Map();
    const kinds: Array<[string, string]> = [
      [`Note page (median corpus note)`, f.median.path],
      [`Note page, largest demo note`, f.largest.path],
      [`Note page without a notebook ("${f.notebookLess.title}")`, f.notebookLess.path],
      ['Public notebook page', f.notebook],
      ['Home (zh-CN, static)', '/'],
      ['Home (en, static)', '/en'],
      ['Features (static)', '/features'],
      ['Explore (latest notes)', '/explore'],
      ['404 (unknown share)', '/s/AAAAAAAAAAAAAAAAAAAAAA/missing'],
      ['404 (unknown path)', '/no-such-page'],
    ];
    for (const [label, path] of kinds) {
      const res = await httpGet(base + path);
      pages.set(label, { html: res.body.length, scripts: await countScripts(res.body.toString('utf8'), base), status: res.status });
    }
    for (const u of [httpUrl, url, plainUrl]) await runLoad({ url: u, durationSec: 1 });
    const hotHttp: number[] = [];
    const hot: number[] = [];
    const hotPlain: number[] = [];
    const condHttp: number[] = [];
    const cond: number[] = [];
    const condPlain: number[] = [];
    const inm = { 'if-none-match': etag };
    for (let i = 0; i < LOAD_RUNS; i += 1) {
      hotHttp.push((await load({ url: httpUrl, durationSec: LOAD_SECONDS }, 200, 'hot note, note service')).rps);
      hotPlain.push((await load({ url: plainUrl, durationSec: LOAD_SECONDS }, 200, 'plain server')).rps);
      hot.push((await load({ url, durationSec: LOAD_SECONDS }, 200, 'hot note, SQLite')).rps);
      condHttp.push((await load({ url: httpUrl, durationSec: LOAD_SECONDS, headers: inm }, 304, '304 note, note service')).rps);
      condPlain.push((await load({ url: plainUrl, durationSec: LOAD_SECONDS, headers: inm }, 304, 'plain 304')).rps);
      cond.push((await load({ url, durationSec: LOAD_SECONDS, headers: { 'if-none-match': sqliteEtag } }, 304, '304 note, SQLite')).rps);
      progress(`  run ${i + 1}/${LOAD_RUNS}: hot ${num(hotHttp[i] ?? Number.NaN)} (SQLite ${num(hot[i] ?? Number.NaN)}) vs plain ${num(hotPlain[i] ?? Number.NaN)} req/s; 304 ${num(condHttp[i] ?? Number.NaN)} (SQLite ${num(cond[i] ?? Number.NaN)}) vs plain ${num(condPlain[i] ?? Number.NaN)} req/s`);
    }
    const hh = summarize(hotHttp);
    const h = summarize(hot);
    const hp = summarize(hotPlain);
    const ch = summarize(condHttp);
    const c = summarize(cond);
    const cp = summarize(condPlain);
    const shape = 'function on the note service (NOTE_STORE=http: the production adapter, change feed confirmed every NOTE_CHANGE_BOUND_MS)';
    rows.push({
      figure: `Hot note (page cache on, ${kb(page.body.length)} of HTML), ${shape}, req/s`,
      ours: range(hh),
      baseline: `plain node:http, same bytes + headers: ${range(hp)}`,
      ratio: ratio(hh.median, hp.median),
      budget: verdict('≥ 0.8x', hh.median >= 0.8 * hp.median),
    });
    rows.push({
      figure: `Conditional GET answered 304 (If-None-Match = ETag), ${shape}, req/s`,
      ours: range(ch),
      baseline: `plain node:http 304: ${range(cp)}`,
      ratio: ratio(ch.median, cp.median),
      budget: verdict('≥ 0.7x', ch.median >= 0.7 * cp.median),
    });
    rows.push({
      figure: 'Hot note, function on SQLite (NOTE_STORE=sqlite), req/s',
      ours: range(h),
      baseline: `plain node:http, same bytes + headers: ${range(hp)}`,
      ratio: ratio(h.median, hp.median),
      budget: 'report only',
    });
    rows.push({
      figure: 'Conditional GET answered 304, function on SQLite (NOTE_STORE=sqlite), req/s',
      ours: range(c),
      baseline: `plain node:http 304: ${range(cp)}`,
      ratio: ratio(c.median, cp.median),
      budget: 'report only',
    });
    rawRuns('hot note on the note service, req/s', hotHttp);
    rawRuns('hot note on SQLite, req/s', hot);
    rawRuns('plain server 200, req/s', hotPlain);
    rawRuns('note 304 on the note service, req/s', condHttp);
    rawRuns('note 304 on SQLite, req/s', cond);
    rawRuns('plain server 304, req/s', condPlain);

    return pages;
  } finally {
    await plain?.stop();
    await httpServer?.stop();
    await service?.stop();
    await server.stop();
    removeTempDir(resolve(db, '..'));
    removeTempDir(resolve(serviceDb, '..'));
  }
}

function pageRows(pages: PageWeights): void {
  const table = ['| Page | Status | HTML | Executable scripts | JS bytes | JS gzipped | Data blocks (not JS) | Budget |', '|---|---|---|---|---|---|---|---|'];
  for (const [label, p] of pages) {
    const data = p.scripts.dataBlocks.length === 0 ? '0' : `${p.scripts.dataBlocks.length} (${[...new Set(p.scripts.dataBlocks)].join(', ')})`;
    let budget = 'report only';
    if (label.startsWith('Note page')) budget = verdict('0 B of JS', p.scripts.executable === 0 && p.scripts.jsBytes === 0);
    else if (label === 'Public notebook page') budget = verdict(`≤ ${kb(NOTEBOOK_JS_BUDGET)} of gzipped JS`, p.scripts.gzipBytes <= NOTEBOOK_JS_BUDGET);
    table.push(`| ${label} | ${p.status} | ${kb(p.html)} | ${p.scripts.executable} | ${p.scripts.jsBytes} B | ${kb(p.scripts.gzipBytes)} | ${data} | ${budget} |`);
  }
  sections.push({
    heading: 'HTML and JavaScript per page type',
    lines: [...table, '', 'Executable scripts: `<script src>` and inline scripts of a JavaScript type; JS bytes include the files behind `src`, gzipped with zlib level 6 each. JSON-LD and other data blocks are not executed and not counted.'],
  });
}

export const hotStep: BenchStep = { name: 'Hot note / 304', run: async (ctx) => pageRows(await hotRows(ctx.fixture())) };
