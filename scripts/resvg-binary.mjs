// Picks the resvg native binary a server folder gets (scripts/bundle-og-card-worker.mjs), for the
// platform that folder will run on, not the one packaging it. resvg-js ships its binary as one
// optional dependency per platform (@resvg/resvg-js-<os>-<cpu>[-<abi>], each with `os`, `cpu` and
// `libc` fields), and npm installs only the one matching the machine running `npm install`: a
// package made on macOS or linux-arm64 carried the wrong binary, and every card on SCF failed.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** SCF runs x86-64 Linux with glibc (CentOS 7, glibc 2.17; resvg-js 2.6.2's binary needs 2.14). */
export const SCF_RESVG_TARGET = 'linux-x64-gnu';

/** Where `npm install --prefix` puts another platform's binary without touching the project's node_modules. */
export const targetFolder = (root, target) => join(root, '.resvg', target);

export class ResvgTargetError extends Error {
  name = 'ResvgTargetError';
}

/** The platform this process runs on, in resvg's package names (as its own loader, js-binding.js, picks it). */
export function hostResvgTarget() {
  const { platform, arch } = process;
  if (platform === 'linux') {
    if (arch === 'arm') return 'linux-arm-gnueabihf';
    const isGlibc = Boolean(process.report.getReport().header.glibcVersionRuntime);
    return `linux-${arch}-${isGlibc ? 'gnu' : 'musl'}`;
  }
  if (platform === 'win32') return `win32-${arch}-msvc`;
  if (platform === 'android') return arch === 'arm' ? 'android-arm-eabi' : `android-${arch}`;
  return `${platform}-${arch}`;
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** The binary's format and CPU from its header: what it really is, whatever its package says. */
export function describeBinary(bytes) {
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes[5] === 1 ? bytes.readUInt16LE(18) : bytes.readUInt16BE(18);
    const cpu = { 0x3e: 'x64', 0xb7: 'arm64', 0x28: 'arm', 0x03: 'ia32', 0xf3: 'riscv64', 0x16: 's390x' }[machine];
    return { format: 'elf', cpu: cpu ?? `machine ${machine}` };
  }
  if (bytes.length >= 8 && bytes.readUInt32LE(0) === 0xfeedfacf) {
    const cputype = bytes.readUInt32LE(4);
    return { format: 'mach-o', cpu: { 0x01000007: 'x64', 0x0100000c: 'arm64' }[cputype] ?? `cputype ${cputype}` };
  }
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xcafebabe) return { format: 'mach-o', cpu: 'universal' };
  if (bytes.length >= 0x40 && bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    const machine = pe + 6 <= bytes.length && bytes.toString('latin1', pe, pe + 4) === 'PE\0\0' ? bytes.readUInt16LE(pe + 4) : -1;
    return { format: 'pe', cpu: { 0x8664: 'x64', 0xaa64: 'arm64', 0x14c: 'ia32' }[machine] ?? `machine ${machine}` };
  }
  return { format: 'unknown', cpu: 'unknown' };
}

const FORMAT_OF_OS = { linux: 'elf', android: 'elf', freebsd: 'elf', darwin: 'mach-o', win32: 'pe' };
const LIBC_OF_ABI = { gnu: 'glibc', gnueabihf: 'glibc', musl: 'musl' };

/** Why the package in `dir` cannot serve `target` (version `version`), or null when it can. */
function whyNot(dir, target, version) {
  const [os, cpu, abi] = target.split('-');
  const pkg = readJson(join(dir, 'package.json'));
  if (pkg.name !== `@resvg/resvg-js-${target}`) return `it is ${pkg.name}`;
  if (pkg.version !== version) return `it is version ${pkg.version}, resvg-js wants ${version}`;
  if (!pkg.os?.includes(os) || !pkg.cpu?.includes(cpu)) return `it is built for ${pkg.os}/${pkg.cpu}`;
  if (pkg.libc && LIBC_OF_ABI[abi] && !pkg.libc.includes(LIBC_OF_ABI[abi])) return `it is built for ${pkg.libc}`;
  const binary = join(dir, pkg.main ?? '');
  if (!pkg.main || !existsSync(binary)) return `its binary ${pkg.main} is missing`;
  const found = describeBinary(readFileSync(binary));
  const isUniversal = found.format === 'mach-o' && found.cpu === 'universal';
  if (found.format !== FORMAT_OF_OS[os] || (found.cpu !== cpu && !isUniversal)) return `${pkg.main} is a ${found.format} binary for ${found.cpu}`;
  return null;
}

/**
 * The folder holding resvg-js and its binary for `target` (the project's node_modules, or the
 * target folder); throws ResvgTargetError saying how to install the binary when neither has one
 * that is what it claims to be (name, version, os/cpu/libc, and the binary's own header).
 */
export function resolveResvg(root, target = SCF_RESVG_TARGET) {
  const jsPackage = join(root, 'node_modules', '@resvg', 'resvg-js');
  if (!existsSync(join(jsPackage, 'package.json'))) throw new ResvgTargetError(`@resvg/resvg-js is not installed in ${root}: run npm install`);
  const { version, optionalDependencies = {} } = readJson(join(jsPackage, 'package.json'));
  const name = `@resvg/resvg-js-${target}`;
  if (!(name in optionalDependencies)) {
    const known = Object.keys(optionalDependencies).map((dependency) => dependency.replace('@resvg/resvg-js-', '')).join(', ');
    throw new ResvgTargetError(`resvg-js ${version} has no binary for "${target}"; it has: ${known}`);
  }
  const problems = [];
  for (const modules of [join(root, 'node_modules'), join(targetFolder(root, target), 'node_modules')]) {
    const dir = join(modules, '@resvg', `resvg-js-${target}`);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const problem = whyNot(dir, target, optionalDependencies[name]);
    if (!problem) return { modules, target };
    problems.push(`${dir} was refused: ${problem}`);
  }
  const [os, cpu, abi] = target.split('-');
  const libc = LIBC_OF_ABI[abi] ? ` --libc=${LIBC_OF_ABI[abi]}` : '';
  const folder = join('.resvg', target);
  throw new ResvgTargetError([
    `no resvg binary for ${target} (${name}@${optionalDependencies[name]}); this machine is ${hostResvgTarget()}, and npm installs only the binary of the machine it runs on (none with --omit=optional).`,
    ...problems,
    'Install the target\'s binary beside the project (the project\'s node_modules stay as they are), then package again:',
    `  mkdir -p ${folder} && npm install --prefix ${folder} --no-save --os=${os} --cpu=${cpu}${libc} @resvg/resvg-js@${version}`,
    `or package on ${target} itself (for SCF: Linux x64 with glibc, e.g. a node:20 container).`,
  ].join('\n'));
}

/** Puts resvg-js and only `target`'s binary into `outDir`/node_modules (replacing any there), or throws ResvgTargetError. */
export function copyResvg(root, outDir, target = SCF_RESVG_TARGET) {
  const { modules } = resolveResvg(root, target);
  const out = join(outDir, 'node_modules', '@resvg');
  rmSync(out, { recursive: true, force: true });
  // The project's own loader: the binary's version was checked against it.
  cpSync(join(root, 'node_modules', '@resvg', 'resvg-js'), join(out, 'resvg-js'), { recursive: true });
  cpSync(join(modules, '@resvg', `resvg-js-${target}`), join(out, `resvg-js-${target}`), { recursive: true });
}
