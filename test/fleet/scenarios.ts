import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { notePath } from '../../lib/notes/slug';
import { SqliteNoteWriter } from '../../lib/notes/adapters/sqlite/note-writer';
import { changeAndMeasure, get, measure, untilServing, type Answer, type Check, type Fleet, type Measurement, type Target } from './fleet';

/**
 * The consistency scenarios, each on its own note so they do not disturb one another. Each makes
 * one change the way an operator does (the publishing CLI), then probes every path of the note
 * (page, resources, OG card, QR code, sitemap, notebook) through the CDN and on every instance
 * directly, and reports when all of them answered the new truth and how many did not after the bound.
 */

interface CliNote { noteId: string; title: string; shareId: string | null; state: string; notebook: string | null }

export interface ScenarioResult extends Measurement {
  name: string;
  /** Paths checked on each target. */
  paths: string[];
  targets: number;
}

/** Read from the service's database in this process (the CLI would cost a second per call). */
function notes(fleet: Fleet): Promise<CliNote[]> {
  return Promise.resolve(new SqliteNoteWriter(fleet.store.db).listNotes());
}

function notebookShare(fleet: Fleet, name: string): string {
  return new SqliteNoteWriter(fleet.store.db).listNotebooks().find((n) => n.name === name)?.shareId ?? '';
}

function targets(fleet: Fleet, skip: string[] = []): Target[] {
  return [{ name: 'cdn', url: fleet.cdn.url }, ...fleet.instances.filter((i) => !skip.includes(i.url)).map((i, n) => ({ name: `instance ${n + 1}`, url: i.url }))];
}

/**
 * The OG card's path as a note page names it. Throws when the page names none: an answer that is
 * not the note page (the CDN's 503 while its health probe has not yet found the fleet, a frozen
 * instance) once made the card's path '/' here, and the harness probed the landing page instead.
 */
export function ogPathOf(html: string, base: string): string {
  const url = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1];
  if (!url) throw new Error('the page names no og:image: not a note page');
  return new URL(url, base).pathname;
}

/** The page through the CDN once it answers 200 (a fleet just started, or one instance frozen, may answer 503 first). */
async function livePage(fleet: Fleet, path: string, giveUpMs = 15_000): Promise<string> {
  const started = performance.now();
  for (;;) {
    const got = await get(fleet.cdn.url, path);
    if (got.status === 200) return got.body;
    if (performance.now() - started > giveUpMs) throw new Error(`${path} answered ${got.status} through the CDN for ${giveUpMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The paths of a live note as its page names them, read once through the CDN (which caches them all). */
async function pathsOf(fleet: Fleet, note: CliNote): Promise<{ page: string; og: string; qr: string; resource: string | null; notebook: string | null; sitemap: string }> {
  const page = notePath(note.shareId as string, note.title);
  const html = await livePage(fleet, page);
  const og = ogPathOf(html, fleet.cdn.url);
  const resource = /<(?:img src|a href)="(\/r\/[^"]+)"/.exec(html)?.[1] ?? null;
  const notebook = /href="(\/nb\/[A-Za-z0-9_-]{22})"/.exec(html)?.[1] ?? null;
  return { page, og, qr: `/qr/${note.shareId as string}.svg`, resource, notebook, sitemap: '/sitemaps/notes-0.xml' };
}

/**
 * Warms what a real fleet holds when the change comes: every path in the CDN, the page on every
 * instance (its note cache and page cache). Cards are drawn once, by the CDN's fetch.
 */
async function warm(fleet: Fleet, paths: string[]): Promise<void> {
  for (const path of paths) await get(fleet.cdn.url, path);
  for (const instance of fleet.instances) await get(instance.url, paths[0] as string);
}

const ok = (a: Answer): boolean => a.status === 200;
const gone = (a: Answer): boolean => a.status === 404 || a.status === 410;
/** During an outage a 503 is the new truth too: anything but the revoked bytes. */
const goneOrUnavailable = (a: Answer): boolean => gone(a) || a.status === 503;

function revocationChecks(p: Awaited<ReturnType<typeof pathsOf>>, shareId: string, isGone: (a: Answer) => boolean): Check[] {
  const checks: Check[] = [
    { name: 'page', path: p.page, isNew: isGone },
    { name: 'OG card', path: p.og, isNew: isGone },
    { name: 'QR code', path: p.qr, isNew: isGone },
    { name: 'sitemap', path: p.sitemap, isNew: (a) => a.status !== 200 || !a.body.includes(shareId) },
  ];
  if (p.resource) checks.push({ name: 'resource', path: p.resource, isNew: isGone });
  if (p.notebook) checks.push({ name: 'notebook', path: p.notebook, isNew: (a) => a.status !== 200 || !a.body.includes(shareId) });
  return checks;
}

function result(name: string, checks: Check[], count: number, m: Measurement): ScenarioResult {
  return { name, paths: checks.map((c) => c.name), targets: count, ...m };
}

function enexFile(title: string, marker: string): { file: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-edit-'));
  const file = join(dir, 'edit.enex');
  writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export3.dtd">
<en-export><note><title>${title}</title><content><![CDATA[<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd">
<en-note><p>${marker}</p></en-note>]]></content><created>20261101T090000Z</created><updated>20261207T090000Z</updated></note></en-export>`);
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function editScenario(fleet: Fleet): Promise<ScenarioResult> {
  const note = (await notes(fleet)).find((n) => n.title.startsWith('Python') && n.shareId) as CliNote;
  const p = await pathsOf(fleet, note);
  await warm(fleet, [p.page, p.og, p.sitemap, ...(p.notebook ? [p.notebook] : [])]);
  const title = 'Python 数据清洗笔记（修订版）';
  const marker = `edited-${Date.now()}`;
  const newPage = notePath(note.shareId as string, title);
  const checks: Check[] = [
    { name: 'page (old URL)', path: p.page, isNew: (a) => a.status === 301 && a.headers.location?.endsWith(newPage) === true },
    { name: 'page', path: newPage, isNew: (a) => ok(a) && a.body.includes(marker) },
    { name: 'OG card (old URL)', path: p.og, isNew: (a) => a.status === 301 },
    { name: 'QR code', path: p.qr, isNew: ok },
    { name: 'sitemap', path: p.sitemap, isNew: (a) => ok(a) && a.body.includes(newPage.split('/').pop() as string) },
  ];
  if (p.notebook) checks.push({ name: 'notebook', path: p.notebook, isNew: (a) => ok(a) && a.body.includes('修订版') });
  const enex = enexFile(title, marker);
  try {
    const m = await changeAndMeasure(fleet, () => fleet.cli('update', note.noteId, enex.file), () => checks, () => targets(fleet));
    return result('edit (title and body)', checks, targets(fleet).length, m);
  } finally {
    enex.dispose();
  }
}

export async function shareSettingScenario(fleet: Fleet): Promise<ScenarioResult> {
  const note = (await notes(fleet)).find((n) => n.title.startsWith('Release') && n.shareId) as CliNote;
  const p = await pathsOf(fleet, note);
  await warm(fleet, [p.page, p.og, p.sitemap, ...(p.notebook ? [p.notebook] : [])]);
  const shareId = note.shareId as string;
  const checks: Check[] = [
    { name: 'page', path: p.page, isNew: (a) => ok(a) && a.headers['x-robots-tag'] === 'noindex' && a.body.includes('noindex') },
    { name: 'QR code', path: p.qr, isNew: (a) => ok(a) && a.headers['x-robots-tag'] === 'noindex' },
    { name: 'sitemap', path: p.sitemap, isNew: (a) => ok(a) && !a.body.includes(shareId) },
  ];
  if (p.notebook) checks.push({ name: 'notebook', path: p.notebook, isNew: (a) => ok(a) && !a.body.includes(shareId) });
  const m = await changeAndMeasure(fleet, () => fleet.cli('publish', note.noteId), () => checks, () => targets(fleet));
  return result('share setting (indexable → link-only)', checks, targets(fleet).length, m);
}

export async function notebookReshareScenario(fleet: Fleet): Promise<ScenarioResult> {
  const note = (await notes(fleet)).find((n) => n.title.startsWith('Notes on SQLite') && n.shareId) as CliNote;
  const p = await pathsOf(fleet, note);
  const oldNotebook = p.notebook as string;
  await warm(fleet, [p.page, oldNotebook]);
  const name = note.notebook as string;
  // Revoked first (its own change, purged like any), then shared again: the re-share is what is measured.
  await fleet.cli('unpublish-notebook', name);
  const checks = (): Check[] => {
    const newNotebook = notebookShare(fleet, name);
    return [
      { name: 'page', path: p.page, isNew: (a) => ok(a) && a.body.includes(`/nb/${newNotebook}`) && !a.body.includes(oldNotebook) },
      { name: 'old notebook', path: oldNotebook, isNew: (a) => a.status === 410 },
      { name: 'new notebook', path: `/nb/${newNotebook}`, isNew: (a) => ok(a) && a.body.includes(note.shareId as string) },
    ];
  };
  const m = await changeAndMeasure(fleet, () => fleet.cli('publish-notebook', name, '--indexable'), checks, () => targets(fleet));
  return result('notebook re-share (revoked, then shared again under a new id)', checks(), targets(fleet).length, m);
}

export async function revokeScenario(fleet: Fleet): Promise<ScenarioResult> {
  const note = (await notes(fleet)).find((n) => n.title.startsWith('周末杭州') && n.shareId) as CliNote;
  const p = await pathsOf(fleet, note);
  const checks = revocationChecks(p, note.shareId as string, gone);
  await warm(fleet, checks.map((c) => c.path));
  const m = await changeAndMeasure(fleet, () => fleet.cli('unpublish', note.noteId), () => checks, () => targets(fleet));
  return result('revoke', checks, targets(fleet).length, m);
}

export async function revokeThenOutageScenario(fleet: Fleet): Promise<ScenarioResult> {
  const note = (await notes(fleet)).find((n) => n.title.startsWith('Sourdough') && n.shareId) as CliNote;
  const p = await pathsOf(fleet, note);
  const checks = revocationChecks(p, note.shareId as string, goneOrUnavailable);
  await warm(fleet, checks.map((c) => c.path));
  try {
    // The service dies the moment it has acknowledged the revocation.
    const m = await changeAndMeasure(fleet, () => fleet.cli('unpublish', note.noteId), () => checks, () => targets(fleet), { onAck: () => fleet.serviceLink.setMode('down') });
    return result('revoke, then the note service killed', checks, targets(fleet).length, m);
  } finally {
    await fleet.serviceLink.setMode('pass');
    // The next scenario starts from a serving fleet (circuit breakers closed again after their cool-down).
    await untilServing(fleet, '/sitemap.xml');
  }
}

export async function frozenInstanceScenario(fleet: Fleet): Promise<ScenarioResult & { thawedAfterMs: number }> {
  const note = (await notes(fleet)).find((n) => n.title.startsWith('长文') && n.shareId) as CliNote;
  const p = await pathsOf(fleet, note);
  const checks = revocationChecks(p, note.shareId as string, gone);
  await warm(fleet, checks.map((c) => c.path));
  const frozen = fleet.instances[fleet.instances.length - 1] as (typeof fleet.instances)[number];
  fleet.balancer.pause(frozen.url);
  process.kill(frozen.child.pid as number, 'SIGSTOP');
  let thawedAt = 0;
  let ackAt = 0;
  try {
    // Frozen across the revocation and past the bound, then thawed: from then on it is probed like the others.
    const thaw = (): void => {
      process.kill(frozen.child.pid as number, 'SIGCONT');
      fleet.balancer.resume(frozen.url);
      thawedAt = performance.now() - ackAt;
    };
    const m = await changeAndMeasure(fleet, () => fleet.cli('unpublish', note.noteId), () => checks, () => targets(fleet, thawedAt ? [] : [frozen.url]), {
      untilMs: 2500,
      onAck: () => {
        ackAt = performance.now();
        setTimeout(thaw, 1500);
      },
    });
    return { ...result('an instance frozen (SIGSTOP) across a revoke, thawed (SIGCONT) 1.5 s later', checks, targets(fleet).length, m), thawedAfterMs: Math.round(thawedAt) };
  } finally {
    process.kill(frozen.child.pid as number, 'SIGCONT');
    fleet.balancer.resume(frozen.url);
  }
}

export async function deployScenario(fleet: Fleet): Promise<ScenarioResult> {
  const note = (await notes(fleet)).find((n) => n.title.startsWith('Notes on SQLite') && n.shareId) as CliNote;
  const p = await pathsOf(fleet, note);
  const before = await get(fleet.cdn.url, p.page);
  const siteName = 'Shared Notes (new deploy)';
  const checks: Check[] = [
    { name: 'page', path: p.page, isNew: (a) => ok(a) && a.body.includes(siteName) && a.headers.etag !== before.headers.etag },
    { name: 'conditional page (old ETag)', path: p.page, headers: { 'if-none-match': before.headers.etag ?? '' }, isNew: (a) => a.status === 200 },
  ];
  // A new version of the function (here: new settings that change every page), started beside the old one.
  const fresh = await fleet.startInstances({ SITE_NAME: siteName });
  const old = fleet.instances;
  // The switch, then the CDN flush of pages (a deploy's PurgePathCache of the site; Varnish: a ban).
  fleet.balancer.setInstances(fresh.map((i) => i.url));
  fleet.instances = fresh;
  const ackAt = performance.now();
  await fleet.cdn.ban('^/s/');
  const m = await measure(ackAt, checks, () => targets(fleet));
  await Promise.all(old.map((i) => i.stop()));
  return result('new deploy (every page changes)', checks, targets(fleet).length, m);
}
