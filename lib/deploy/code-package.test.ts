import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PackageError, zipCodePackage } from './code-package';

const dirs: string[] = [];

function packageDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'code-package-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  if (files.scf_bootstrap !== undefined) chmodSync(join(dir, 'scf_bootstrap'), 0o755);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('zipCodePackage', () => {
  it('gives equal code the same digest and zip, whatever the start-up cache holds', async () => {
    const a = await zipCodePackage(packageDir({ scf_bootstrap: '#!/bin/bash\n', 'server.js': 'x', 'startup-cache.bin': 'one' }));
    const b = await zipCodePackage(packageDir({ scf_bootstrap: '#!/bin/bash\n', 'server.js': 'x', 'startup-cache.bin': 'two' }));
    const c = await zipCodePackage(packageDir({ scf_bootstrap: '#!/bin/bash\n', 'server.js': 'y', 'startup-cache.bin': 'one' }));
    expect(a.digest).toBe(b.digest);
    expect(c.digest).not.toBe(a.digest);
    expect(a.files).toBe(3);
  });

  it('stores a link to a folder once, as a link', async () => {
    const dir = packageDir({ scf_bootstrap: '#!/bin/bash\n', 'node_modules/real/index.js': 'x' });
    symlinkSync('../node_modules/real', join(dir, 'node_modules', 'alias'));
    const pkg = await zipCodePackage(dir);
    expect(pkg.files).toBe(3);
  });

  it.each([
    ['no scf_bootstrap', { 'server.js': 'x' }, /no scf_bootstrap/],
    ['a .env at the top', { scf_bootstrap: '#!/bin/bash\n', '.env': 'SECRET=1' }, /\.env/],
    ['a .env.production deep inside', { scf_bootstrap: '#!/bin/bash\n', 'a/b/.env.production': 'SECRET=1' }, /\.env/],
  ])('refuses %s', async (_name, files, message) => {
    await expect(zipCodePackage(packageDir(files))).rejects.toThrow(message);
    await expect(zipCodePackage(packageDir(files))).rejects.toBeInstanceOf(PackageError);
  });

  it('refuses a scf_bootstrap SCF could not execute', async () => {
    const dir = packageDir({ scf_bootstrap: '#!/bin/bash\n' });
    chmodSync(join(dir, 'scf_bootstrap'), 0o644);
    await expect(zipCodePackage(dir)).rejects.toThrow(/not executable/);
  });
});
