'use strict';
/**
 * Start-up cache of the function package: what a cold start would otherwise redo on every new
 * instance. Recorded once when the package is built (scripts/package-function.mjs runs the packaged
 * server on the demo notes with STARTUP_CACHE_RECORD=1 and requests its main pages) into
 * `startup-cache.bin` beside this file, and read by app-server.js before it loads Next.js:
 *
 * - V8 code cache for every CommonJS module inside the package: bytecode of the module and of each
 *   function that ran during those first requests, so start-up deserialises instead of compiling;
 * - module resolutions (`require('x')` from folder F resolved to file P), so start-up skips the
 *   stat/realpath/package.json walk of Node's resolver.
 *
 * It is only a cache: a cache made by another V8 version or architecture is ignored (with one warning
 * in the log, as the package must be recorded with the runtime's Node.js release), a module whose
 * source changed (CRC-32 differs) is compiled from source, a cache V8 rejects (other V8 flags) is
 * compiled from source, and a missing or unreadable file means a normal start. Files that use
 * dynamic `import()` and ES modules are left to Node (vm.Script cannot carry their import context
 * through a code cache on Node 20). STARTUP_CACHE=off disables it; STARTUP_CACHE_STATS=1 prints what
 * it did when the process exits.
 */
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { crc32 } = require('node:zlib');

const FILE_NAME = 'startup-cache.bin';
const FORMAT = 1;
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_TAIL = '\n});';

/** The identity a cache must match: V8 code caches are valid only for the V8 that made them. */
function runtimeKey() {
  return { format: FORMAT, v8: process.versions.v8, arch: process.arch };
}

/** Reads `length` bytes at `position` of the open file, or null when the file is shorter. */
function readAt(fd, position, length) {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) return null;
    done += n;
  }
  return buffer;
}

/**
 * Reads the cache file's header: `[u32 header length][header JSON][code cache blobs]`. Returns
 * `{ cache }`, or `{ unusable }` saying why a file that exists cannot be used (truncated,
 * malformed, or made by another runtime), or `{}` when there is no file. The blobs (most of the
 * file's megabytes) stay on disk: each module's is read when that module loads (`data()`), so a
 * request that loads few modules, or a moved package that uses none, does not read them all.
 */
function readCache(file, base) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return {};
  }
  const broken = { unusable: 'the file is truncated or malformed' };
  let keepOpen = false;
  try {
    const size = fs.fstatSync(fd).size;
    const prefix = size >= 4 ? readAt(fd, 0, 4) : null;
    if (!prefix) return broken;
    const headerLength = prefix.readUInt32LE(0);
    if (4 + headerLength > size) return broken;
    const header = JSON.parse(readAt(fd, 4, headerLength).toString('utf8'));
    const key = runtimeKey();
    if (!header || header.format !== key.format) return broken;
    if (header.v8 !== key.v8 || header.arch !== key.arch) {
      return { unusable: `it was recorded by Node.js ${header.node} (V8 ${header.v8}, ${header.arch}); this is Node.js ${process.version} (V8 ${key.v8}, ${key.arch}): package with the runtime's Node.js release` };
    }
    if (!Array.isArray(header.modules) || typeof header.resolutions !== 'object' || header.resolutions === null) return broken;
    const modules = new Map();
    const resolutions = new Map(Object.entries(header.resolutions));
    // V8 (11.3, Node.js 20) keeps the script name a code cache was made under: modules compiled from
    // it would name the recording folder in stack traces, and code that finds files from its stack
    // (bindings, which loads SQLite's addon) would look there. A moved package keeps the resolutions
    // (stored relative to the package) and compiles its modules from source.
    if (header.root !== base) {
      return { cache: { modules, resolutions }, moved: `it was recorded with the package at ${header.root}, not ${base}: modules are compiled from source (only module resolutions are used)` };
    }
    let offset = 4 + headerLength;
    for (const entry of header.modules) {
      if (!Array.isArray(entry) || entry.length !== 3) return broken;
      const [name, crc, length] = entry;
      if (typeof name !== 'string' || !Number.isInteger(crc) || !Number.isInteger(length) || length < 0 || offset + length > size) return broken;
      const at = offset;
      // A file cut short since start-up gives no cached code (null): the module compiles from source.
      modules.set(name, { crc, data: () => readAt(fd, at, length) });
      offset += length;
    }
    keepOpen = true;
    return { cache: { modules, resolutions } };
  } catch {
    return broken;
  } finally {
    if (!keepOpen) fs.closeSync(fd);
  }
}

function writeCache(file, base, scripts, resolutions) {
  const modules = [];
  const blobs = [];
  for (const [name, { script, crc }] of scripts) {
    const data = script.createCachedData();
    modules.push([name, crc, data.length]);
    blobs.push(data);
  }
  const header = Buffer.from(JSON.stringify({ ...runtimeKey(), node: process.version, root: base, modules, resolutions: Object.fromEntries(resolutions) }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, Buffer.concat([length, header, ...blobs]));
  fs.renameSync(temporary, file);
  return { modules: modules.length, resolutions: resolutions.size, bytes: length.length + header.length + blobs.reduce((sum, b) => sum + b.length, 0) };
}

/** `require` for a module compiled here, as Node's loader builds it. */
function makeRequire(mod) {
  const require = function require(id) {
    return mod.require(id);
  };
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

let installed = null;

/**
 * Installs the cache for the package in `root` (reading `root/.startup-cache`), or, with
 * STARTUP_CACHE_RECORD=1, records one that is written there when the process exits.
 * Returns the counters (also printed at exit with STARTUP_CACHE_STATS=1).
 */
function install(root, env = process.env) {
  if (installed) return installed;
  const stats = { enabled: false, recording: false, hits: 0, rejected: 0, compiled: 0, resolved: 0 };
  installed = stats;
  if (env.STARTUP_CACHE_STATS === '1') process.on('exit', () => process.stderr.write(`startup cache: ${JSON.stringify(stats)}\n`));
  if ((env.STARTUP_CACHE || '').trim().toLowerCase() === 'off') return stats;
  const base = path.resolve(root);
  const file = path.join(base, FILE_NAME);
  const recording = env.STARTUP_CACHE_RECORD === '1';
  const read = recording ? { cache: { modules: new Map(), resolutions: new Map() } } : readCache(file, base);
  if (read.unusable || read.moved) {
    // Once per process, as the app logs: the function still starts, only without (part of) the cache.
    const message = read.unusable ? `start-up cache ${file} not used: ${read.unusable}` : `start-up cache ${file} partly used: ${read.moved}`;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', message })}\n`);
  }
  const cache = read.cache;
  if (!cache) return stats;
  stats.enabled = true;
  stats.recording = recording;
  const inside = (filename) => filename.startsWith(`${base}${path.sep}`);
  const relative = (filename) => filename.slice(base.length + 1);
  const recordedScripts = new Map();
  const recordedResolutions = new Map();

  const originalResolve = Module._resolveFilename;
  Module._resolveFilename = function resolveFilename(request, parent, isMain, options) {
    const parentFile = parent && parent.filename;
    if (options || isMain || typeof request !== 'string' || typeof parentFile !== 'string' || !inside(parentFile)) {
      return originalResolve.apply(this, arguments);
    }
    const key = `${relative(path.dirname(parentFile))}\0${request}`;
    const known = cache.resolutions.get(key);
    if (known !== undefined) {
      stats.resolved += 1;
      return path.join(base, known);
    }
    const resolved = originalResolve.apply(this, arguments);
    if (recording && path.isAbsolute(resolved) && inside(resolved)) recordedResolutions.set(key, relative(resolved));
    return resolved;
  };

  const originalCompile = Module.prototype._compile;
  Module.prototype._compile = function compile(content, filename, format) {
    if (format === 'module' || typeof content !== 'string' || !inside(filename) || content.includes('import(')) {
      return originalCompile.apply(this, arguments);
    }
    const name = relative(filename);
    const entry = cache.modules.get(name);
    // No cached code for it (a moved package has none): no checksum to compute over its source.
    if (!recording && !entry) return originalCompile.apply(this, arguments);
    const crc = crc32(content);
    if (!recording && entry.crc !== crc) return originalCompile.apply(this, arguments);
    let cachedData;
    if (!recording) {
      try {
        cachedData = entry.data() ?? undefined;
      } catch {
        cachedData = undefined;
      }
      if (!cachedData) return originalCompile.apply(this, arguments);
    }
    let script;
    try {
      // Required here: a moved package (no cached code) never compiles through it.
      const vm = require('node:vm');
      script = new vm.Script(WRAPPER_HEAD + content + WRAPPER_TAIL, {
        filename,
        columnOffset: -WRAPPER_HEAD.length,
        cachedData,
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // Not a CommonJS script (ES module syntax Node detects itself), or a real syntax error Node reports.
      return originalCompile.apply(this, arguments);
    }
    if (recording) {
      recordedScripts.set(name, { script, crc });
      stats.compiled += 1;
    } else if (script.cachedDataRejected) {
      stats.rejected += 1;
      if (stats.rejected === 1) {
        process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', message: `start-up cache: V8 rejected the cached code of ${name} (V8 flags differ from the recording run's; scf_bootstrap's flags are the ones recorded), compiling from source` })}\n`);
      }
    } else {
      stats.hits += 1;
    }
    const moduleFunction = script.runInThisContext({ displayErrors: true });
    return moduleFunction.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };

  process.on('exit', () => {
    if (recording) {
      try {
        const written = writeCache(file, base, recordedScripts, recordedResolutions);
        process.stderr.write(`startup cache: wrote ${written.modules} modules and ${written.resolutions} resolutions (${written.bytes} bytes) to ${file}\n`);
      } catch (error) {
        process.stderr.write(`startup cache: could not write ${file}: ${error && error.message}\n`);
        process.exitCode = 1;
      }
    }
  });
  return stats;
}

module.exports = { install, FILE_NAME };
