import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../paths';
import { functionDir, requireFunctionPackage } from '../serverless/harness';

const standalone = join(repoRoot, '.next', 'standalone');

function envFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => /(^|\/)\.env(\.[^/]*)?$/.test(path));
}

/**
 * `.env` files hold deploy keys (and Next copies the project's into its standalone build): none may
 * reach the function package. Planted where Next puts them, the package step must take them out.
 */
describe('no .env file reaches the function package', () => {
  const out = mkdtempSync(join(tmpdir(), 'package-no-env-'));
  const planted = ['.env', '.env.production', '.env.local', 'node_modules/next/.env'].map((name) => join(standalone, name));

  afterAll(() => {
    for (const file of planted) rmSync(file, { force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('the package CI built carries none', () => {
    requireFunctionPackage();
    expect(envFilesUnder(functionDir)).toEqual([]);
    expect(envFilesUnder(standalone)).toEqual([]);
  });

  it('the package step removes planted ones from the standalone build and packages none', () => {
    for (const file of planted) writeFileSync(file, 'TENCENTCLOUD_SECRET_KEY=planted-secret\n');
    const result = spawnSync(process.execPath, ['scripts/package-function.mjs'], {
      cwd: repoRoot,
      env: { ...process.env, FUNCTION_DIR: out, STARTUP_CACHE: 'off' },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(out, 'server.js'))).toBe(true);
    expect(envFilesUnder(out)).toEqual([]);
    expect(envFilesUnder(standalone)).toEqual([]);
    expect(spawnSync('grep', ['-r', '-l', 'planted-secret', out], { encoding: 'utf8' }).stdout).toBe('');
  });
});
