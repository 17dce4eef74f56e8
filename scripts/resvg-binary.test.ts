import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../test/paths';
import { bundleOgCardWorker } from './bundle-og-card-worker.mjs';
import { copyResvg, describeBinary, hostResvgTarget, resolveResvg, ResvgTargetError } from './resvg-binary.mjs';

// Headers only: enough for describeBinary, nothing that could load.
function elf(machine: number): Buffer {
  const bytes = Buffer.alloc(64);
  bytes.writeUInt32BE(0x7f454c46, 0);
  bytes[4] = 2;
  bytes[5] = 1;
  bytes.writeUInt16LE(machine, 18);
  return bytes;
}
function machO(cputype: number): Buffer {
  const bytes = Buffer.alloc(32);
  bytes.writeUInt32LE(0xfeedfacf, 0);
  bytes.writeUInt32LE(cputype, 4);
  return bytes;
}
const ELF_X64 = elf(0x3e);
const ELF_ARM64 = elf(0xb7);
const MACH_O_ARM64 = machO(0x0100000c);

const TARGETS = ['darwin-arm64', 'darwin-x64', 'linux-x64-gnu', 'linux-x64-musl', 'linux-arm64-gnu', 'win32-x64-msvc'];

interface FakePackage {
  /** Folder under node_modules/@resvg (the name npm gives it). */
  folder: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  version?: string;
  name?: string;
  /** The binary's bytes; null: none. */
  binary?: Buffer | null;
  /** Installed in .resvg/<target>/node_modules (npm install --prefix) instead of the project's node_modules. */
  prefix?: string;
}

const LINUX_X64_GNU: FakePackage = { folder: 'resvg-js-linux-x64-gnu', os: ['linux'], cpu: ['x64'], libc: ['glibc'], binary: ELF_X64 };
const DARWIN_ARM64: FakePackage = { folder: 'resvg-js-darwin-arm64', os: ['darwin'], cpu: ['arm64'], binary: MACH_O_ARM64 };
const LINUX_ARM64_GNU: FakePackage = { folder: 'resvg-js-linux-arm64-gnu', os: ['linux'], cpu: ['arm64'], libc: ['glibc'], binary: ELF_ARM64 };

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project folder whose node_modules hold resvg-js 2.6.2 and the given platform packages, as npm would lay them out. */
function fakeProject(packages: FakePackage[]): string {
  const root = mkdtempSync(join(tmpdir(), 'resvg-target-'));
  dirs.push(root);
  const loader = join(root, 'node_modules', '@resvg', 'resvg-js');
  mkdirSync(loader, { recursive: true });
  const optionalDependencies = Object.fromEntries(TARGETS.map((target) => [`@resvg/resvg-js-${target}`, '2.6.2']));
  writeFileSync(join(loader, 'package.json'), JSON.stringify({ name: '@resvg/resvg-js', version: '2.6.2', optionalDependencies }));
  for (const pkg of packages) {
    const modules = pkg.prefix ? join(root, '.resvg', pkg.prefix, 'node_modules') : join(root, 'node_modules');
    const dir = join(modules, '@resvg', pkg.folder);
    mkdirSync(dir, { recursive: true });
    const main = `resvgjs.${pkg.folder.replace('resvg-js-', '')}.node`;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: pkg.name ?? `@resvg/${pkg.folder}`, version: pkg.version ?? '2.6.2', os: pkg.os, cpu: pkg.cpu, libc: pkg.libc, main }));
    if (pkg.binary) writeFileSync(join(dir, main), pkg.binary);
  }
  return root;
}

describe('packaging picks the resvg binary of the platform the package runs on', () => {
  it.each<[string, FakePackage[], string, string]>([
    ['packaged on Linux x64 (glibc) for SCF', [LINUX_X64_GNU], 'linux-x64-gnu', 'node_modules'],
    ['packaged on macOS, the SCF binary installed with npm --prefix --os --cpu --libc', [DARWIN_ARM64, { ...LINUX_X64_GNU, prefix: 'linux-x64-gnu' }], 'linux-x64-gnu', '.resvg/linux-x64-gnu/node_modules'],
    ['another target asked for (linux-arm64-gnu)', [LINUX_X64_GNU, LINUX_ARM64_GNU], 'linux-arm64-gnu', 'node_modules'],
  ])('%s: accepted, from %#', (_name, packages, target, from) => {
    const root = fakeProject(packages);
    expect(resolveResvg(root, target).modules).toBe(join(root, from));
    const out = join(root, 'out');
    // A stale binary from an earlier package of another platform leaves.
    mkdirSync(join(out, 'node_modules', '@resvg', 'resvg-js-darwin-arm64'), { recursive: true });
    copyResvg(root, out, target);
    expect(readdirSync(join(out, 'node_modules', '@resvg')).sort()).toEqual(['resvg-js', `resvg-js-${target}`]);
  });

  const command = 'mkdir -p .resvg/linux-x64-gnu && npm install --prefix .resvg/linux-x64-gnu --no-save --os=linux --cpu=x64 --libc=glibc @resvg/resvg-js@2.6.2';
  it.each<[string, FakePackage[], RegExp]>([
    ['packaged on macOS (only darwin-arm64 installed)', [DARWIN_ARM64], /no resvg binary for linux-x64-gnu/],
    ['packaged on linux-arm64', [LINUX_ARM64_GNU], /no resvg binary for linux-x64-gnu/],
    ['no platform package at all', [], /no resvg binary for linux-x64-gnu/],
    ['a package named for SCF that says it is for macOS', [{ ...LINUX_X64_GNU, os: ['darwin'], cpu: ['arm64'] }], /built for darwin\/arm64/],
    ['a macOS binary inside the SCF package', [{ ...LINUX_X64_GNU, binary: MACH_O_ARM64 }], /mach-o binary for arm64/],
    ['an arm64 Linux binary inside the SCF package', [{ ...LINUX_X64_GNU, binary: ELF_ARM64 }], /elf binary for arm64/],
    ['text where the binary should be', [{ ...LINUX_X64_GNU, binary: Buffer.from('not a binary at all, just some text') }], /unknown binary/],
    ['the musl build in the glibc package', [{ ...LINUX_X64_GNU, libc: ['musl'] }], /built for musl/],
    ['a binary of another resvg-js version', [{ ...LINUX_X64_GNU, version: '2.6.0' }], /version 2\.6\.0, resvg-js wants 2\.6\.2/],
    ['a package without its binary', [{ ...LINUX_X64_GNU, binary: null }], /binary resvgjs\.linux-x64-gnu\.node is missing/],
    ['another package in the binary\'s folder', [{ ...LINUX_X64_GNU, name: 'evil-package' }], /it is evil-package/],
  ])('%s: refused, saying how to install the right one', (_name, packages, why) => {
    const root = fakeProject(packages);
    const refusal = (): unknown => resolveResvg(root, 'linux-x64-gnu');
    expect(refusal).toThrow(ResvgTargetError);
    expect(refusal).toThrow(why);
    expect(refusal).toThrow(command);
    expect(() => copyResvg(root, join(root, 'out'), 'linux-x64-gnu')).toThrow(ResvgTargetError);
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  it.each(['linux-x64', 'freebsd-x64', '../../etc', ''])('an unknown target (%j) is refused with the list of known ones', (target) => {
    expect(() => resolveResvg(fakeProject([LINUX_X64_GNU]), target)).toThrow(/has no binary for .*it has: darwin-arm64, darwin-x64, linux-x64-gnu/);
  });

  it('bundling the card worker refuses before building anything', async () => {
    const root = fakeProject([DARWIN_ARM64]);
    const out = join(root, 'out');
    mkdirSync(out);
    await expect(bundleOgCardWorker(root, out)).rejects.toThrow(ResvgTargetError);
    expect(readdirSync(out)).toEqual([]);
  });

  it('reads the binary formats resvg ships', () => {
    expect(describeBinary(ELF_X64)).toEqual({ format: 'elf', cpu: 'x64' });
    expect(describeBinary(MACH_O_ARM64)).toEqual({ format: 'mach-o', cpu: 'arm64' });
    expect(describeBinary(Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]))).toEqual({ format: 'mach-o', cpu: 'universal' });
    const pe = Buffer.alloc(0x100);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    pe.writeUInt16LE(0x8664, 0x84);
    expect(describeBinary(pe)).toEqual({ format: 'pe', cpu: 'x64' });
    expect(describeBinary(Buffer.from('MZ'))).toEqual({ format: 'unknown', cpu: 'unknown' });
    expect(describeBinary(Buffer.alloc(0))).toEqual({ format: 'unknown', cpu: 'unknown' });
  });

  it.runIf(hostResvgTarget() === 'linux-x64-gnu')('this project\'s installed binary is a real x86-64 ELF accepted for SCF', () => {
    const { modules } = resolveResvg(repoRoot);
    expect(modules).toBe(join(repoRoot, 'node_modules'));
    const binary = readFileSync(join(modules, '@resvg', 'resvg-js-linux-x64-gnu', 'resvgjs.linux-x64-gnu.node'));
    expect(describeBinary(binary)).toEqual({ format: 'elf', cpu: 'x64' });
  });
});
