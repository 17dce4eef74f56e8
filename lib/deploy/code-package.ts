import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ZipFile } from 'yazl';

/** Recorded by each packaging run (V8's code cache differs between identical builds): not part of the code's identity. */
const DERIVED_FILES = new Set(['startup-cache.bin']);
/** Fixed timestamps: the same files give the same zip. */
const EPOCH = new Date('2026-01-01T00:00:00Z');

export interface CodePackage {
  zip: Buffer;
  /** SHA-256 of every file's path, mode and bytes except recorded caches: equal for equal code. */
  digest: string;
  files: number;
  unzippedBytes: number;
}

export class PackageError extends Error {
  override name = 'PackageError';
}

function entriesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((path) => path.split(sep).join('/')).sort();
}

/**
 * Zips a function package (npm run package's folder) as SCF wants it: scf_bootstrap at the top and
 * executable, Unix modes kept, symbolic links stored as links. Refuses `.env` files anywhere: they
 * hold secrets, and the function takes its settings from its environment.
 */
export async function zipCodePackage(dir: string): Promise<CodePackage> {
  const zip = new ZipFile();
  const digest = createHash('sha256');
  let files = 0;
  let unzippedBytes = 0;
  const bootstrap = lstatSync(join(dir, 'scf_bootstrap'), { throwIfNoEntry: false });
  if (!bootstrap?.isFile()) throw new PackageError(`${dir} has no scf_bootstrap: run "npm run package" first`);
  if ((bootstrap.mode & 0o111) === 0) throw new PackageError(`${join(dir, 'scf_bootstrap')} is not executable (SCF runs it)`);
  const links: string[] = [];
  for (const path of entriesOf(dir)) {
    // What a link to a folder holds is stored once, where the link points.
    if (links.some((link) => path.startsWith(`${link}/`))) continue;
    const full = join(dir, path);
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) links.push(path);
    if (/(^|\/)\.env(\.[^/]*)?$/.test(path) && !stat.isDirectory()) throw new PackageError(`${full}: a .env file must never be packaged (it holds secrets)`);
    if (stat.isDirectory()) continue;
    const mode = stat.mode & 0o777;
    if (stat.isSymbolicLink()) {
      const target = readlinkSync(full);
      zip.addBuffer(Buffer.from(target), path, { mtime: EPOCH, mode: 0o120000 | 0o777, compress: false });
      digest.update(`${path}\0link\0${target}\0`);
    } else {
      const bytes = readFileSync(full);
      zip.addBuffer(bytes, path, { mtime: EPOCH, mode: 0o100000 | mode });
      if (!DERIVED_FILES.has(relative(dir, full))) digest.update(`${path}\0${mode.toString(8)}\0`).update(createHash('sha256').update(bytes).digest());
      unzippedBytes += bytes.length;
    }
    files += 1;
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return { zip: Buffer.concat(chunks), digest: digest.digest('hex'), files, unzippedBytes };
}
