import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listStaticObjects } from '../../lib/deploy/static-files';
import { freePort } from '../fault-proxy';
import { repoRoot } from '../paths';
import { removeDir, seededDatabase, type Server } from '../serverless/harness';
import { listShares } from '../serverless/shares';
import { startNoteServiceProcess } from '../serverless/split-setup';
import { TEST_APPID, TEST_KEY, TencentCloudStandIn } from '../tencent-cloud/stand-in';
import { runScfPackage, type ScfInstance } from './run-package';

/**
 * `npm run deploy` against the Tencent Cloud stand-in: the whole call sequence of a first deploy,
 * a redeploy with nothing changed, a code change and a rollback; the bucket against the build; then
 * the code package SCF was given, unzipped and run as SCF runs it.
 */

const DIST_DIR = '.next-deploy';
const FUNCTION_DIR = join(repoRoot, 'dist-deploy');
const STATIC_URL = 'https://static.example.com';
const BUCKET = `shared-notes-${TEST_APPID}`;
const tsxCli = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function deployEnv(standIn: TencentCloudStandIn, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NEXT_DIST_DIR: DIST_DIR,
    FUNCTION_DIR,
    SITE_URL: 'https://notes.example.com',
    STATIC_URL,
    STATIC_BUCKET: BUCKET,
    NOTE_SERVICE_URL: 'https://notes-api.example.com',
    CDN_CERT_ID: 'cert-test-0001',
    TENCENTCLOUD_SECRET_ID: TEST_KEY.secretId,
    TENCENTCLOUD_SECRET_KEY: TEST_KEY.secretKey,
    DEPLOY_API_STAND_IN: standIn.origin,
    ...extra,
  };
}

/** Asynchronous: the stand-in answers from this process. */
function deploy(env: NodeJS.ProcessEnv, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [tsxCli, 'scripts/deploy.ts', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

const changes = (actions: string[]): string[] => actions.filter((a) => /:(Create|Update|Put|Publish|Add|Purge)/.test(a));

describe('npm run deploy against the Tencent Cloud stand-in', () => {
  const standIn = new TencentCloudStandIn();
  const scratch = mkdtempSync(join(tmpdir(), 'deploy-test-'));
  let fn: ScfInstance | undefined;
  let noteService: Server | undefined;
  let db: { dir: string; dbPath: string } | undefined;

  beforeAll(async () => {
    await standIn.start();
  });

  afterAll(async () => {
    await fn?.stop();
    await noteService?.stop();
    await standIn.close();
    if (db) removeDir(db.dir);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('first deploy: builds with STATIC_URL, uploads code and static files, creates the web function, version, alias, Function URL and CDN', async () => {
    // The build (next build + npm run package with STATIC_URL) is part of the deploy; a developer may reuse one.
    const args = process.env.REUSE_DEPLOY_BUILD === '1' && existsSync(join(FUNCTION_DIR, 'scf_bootstrap')) ? ['--skip-build', '--json'] : ['--json'];
    const result = await deploy(deployEnv(standIn), args);
    expect(result.status, result.stderr).toBe(0);
    const staticObjects = listStaticObjects(repoRoot, DIST_DIR);
    const actions = standIn.actions();
    expect(actions.slice(0, 4)).toEqual(['cos:HeadBucket!NoSuchBucket', 'cos:PutBucket', 'cos:GetBucket', 'cos:PutObject']);
    expect(actions.filter((a) => a === 'cos:PutObject')).toHaveLength(1 + staticObjects.length);
    expect(actions.slice(4 + staticObjects.length)).toEqual([
      'scf:GetFunction!ResourceNotFound.Function', 'scf:CreateFunction', 'scf:GetFunction', 'scf:GetFunction',
      'scf:ListVersionByFunction', 'scf:PublishVersion', 'scf:GetFunction',
      'scf:GetAlias!ResourceNotFound.Alias', 'scf:CreateAlias',
      'scf:ListTriggers', 'scf:CreateTrigger', 'scf:ListTriggers',
      'cdn:DescribeDomainsConfig', 'cdn:AddCdnDomain', 'cdn:DescribeDomainsConfig', 'cdn:AddCdnDomain',
      'cdn:PurgePathCache',
    ]);
    const create = standIn.calls.find((c) => c.action === 'CreateFunction')?.params as Record<string, unknown>;
    expect(create).toMatchObject({ Type: 'HTTP', Runtime: 'Nodejs20.19', MemorySize: 512, Code: { CosBucketName: 'shared-notes', CosBucketRegion: 'ap-guangzhou' } });
    const env = Object.fromEntries(((create.Environment as { Variables: Array<{ Key: string; Value: string }> }).Variables).map((v) => [v.Key, v.Value]));
    expect(env).toMatchObject({ NOTE_STORE: 'http', NOTE_SERVICE_URL: 'https://notes-api.example.com', STATIC_URL, DEPLOY_ENV: 'production' });
    const fnState = standIn.scf.functions.get('default/shared-notes-prod');
    expect(fnState?.aliases.get('live')?.version).toBe('1');
    expect(fnState?.triggers).toHaveLength(1);
    const site = standIn.cdn.domains.get('notes.example.com') as Record<string, { Origins?: string[]; OriginType?: string; Switch?: string }>;
    const statics = standIn.cdn.domains.get('static.example.com') as Record<string, { Origins?: string[]; OriginType?: string; Switch?: string }>;
    expect(site.Origin?.OriginType).toBe('domain');
    expect(site.Origin?.Origins?.[0]).toMatch(/\.tencentscf\.com$/);
    expect(statics.Origin).toMatchObject({ OriginType: 'cos', Origins: [`${BUCKET}.cos.ap-guangzhou.myqcloud.com`] });
    expect(site.Https?.Switch).toBe('on');
    // It includes a whole `next build` (about 2.5 minutes measured on 2 busy shared cores).
  }, 420_000);

  it('uploads every static file of the build byte for byte, with its Content-Type and caching', () => {
    const bucket = standIn.buckets.get(BUCKET);
    const objects = listStaticObjects(repoRoot, DIST_DIR);
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects) {
      const stored = bucket?.get(o.key);
      expect(stored, o.key).toBeDefined();
      expect(stored?.body.equals(readFileSync(o.file)), o.key).toBe(true);
      expect(stored?.contentType, o.key).toBe(o.contentType);
    }
    const css = objects.find((o) => o.key.endsWith('.css'));
    expect(bucket?.get(css?.key ?? '')).toMatchObject({ contentType: 'text/css; charset=utf-8', cacheControl: 'public, max-age=31536000, immutable' });
    expect(bucket?.get('favicon.svg')?.contentType).toBe('image/svg+xml');
    expect([...(bucket?.keys() ?? [])].some((k) => k.includes('.env'))).toBe(false);
  });

  it('a second deploy with nothing changed uploads nothing and changes nothing', async () => {
    const from = standIn.calls.length;
    const result = await deploy(deployEnv(standIn), ['--skip-build', '--json']);
    expect(result.status, result.stderr).toBe(0);
    expect(changes(standIn.actions(from))).toEqual([]);
    expect(standIn.actions(from)).toEqual([
      'cos:HeadBucket', 'cos:GetBucket', 'scf:GetFunction', 'scf:ListVersionByFunction', 'scf:GetAlias', 'scf:ListTriggers',
      'cdn:DescribeDomainsConfig', 'cdn:DescribeDomainsConfig',
    ]);
  });

  it('a code change uploads the new package only, updates the function, publishes version 2 and moves the alias', async () => {
    const changed = join(scratch, 'changed');
    cpSync(FUNCTION_DIR, changed, { recursive: true, verbatimSymlinks: true });
    appendFileSync(join(changed, 'app-server.js'), '\n// changed\n');
    const from = standIn.calls.length;
    const result = await deploy(deployEnv(standIn, { FUNCTION_DIR: changed }), ['--skip-build', '--json']);
    expect(result.status, result.stderr).toBe(0);
    expect(changes(standIn.actions(from))).toEqual(['cos:PutObject', 'scf:UpdateFunctionCode', 'scf:UpdateFunctionConfiguration', 'scf:PublishVersion', 'scf:UpdateAlias', 'cdn:PurgePathCache']);
    expect(standIn.scf.functions.get('default/shared-notes-prod')?.aliases.get('live')).toEqual({ version: '2', description: 'previous=1' });
  });

  it('--rollback moves the alias back to the previous version', async () => {
    const from = standIn.calls.length;
    const result = await deploy(deployEnv(standIn), ['--rollback', '--json']);
    expect(result.status, result.stderr).toBe(0);
    expect(standIn.actions(from)).toEqual(['scf:GetAlias', 'scf:UpdateAlias', 'cdn:PurgePathCache']);
    expect(standIn.scf.functions.get('default/shared-notes-prod')?.aliases.get('live')).toEqual({ version: '1', description: 'previous=2' });
  });

  it('refuses a wrong key: the stand-in checks both signature schemes', async () => {
    const from = standIn.calls.length;
    const wrongKey = deployEnv(standIn, { TENCENTCLOUD_SECRET_KEY: 'not-the-key' });
    const cos = await deploy(wrongKey, ['--skip-build']);
    expect(cos.status).toBe(1);
    expect(cos.stderr).toMatch(/403/);
    const api = await deploy(wrongKey, ['--rollback']);
    expect(api.status).toBe(1);
    expect(api.stderr).toMatch(/AuthFailure\.SignatureFailure/);
    expect(standIn.actions(from)).toEqual(['cos:HeadBucket!SignatureDoesNotMatch', 'scf:GetAlias!AuthFailure.SignatureFailure']);
  });

  it('the code package from the recorded call runs as SCF runs it: a note, the home page, an image and a sitemap', async () => {
    const lastCode = standIn.calls.filter((c) => c.action === 'CreateFunction').at(0)?.params.Code as { CosObjectName: string };
    const zip = standIn.buckets.get(BUCKET)?.get(lastCode.CosObjectName.replace(/^\//, ''))?.body as Buffer;
    const zipFile = join(scratch, 'code.zip');
    writeFileSync(zipFile, zip);
    const version = standIn.scf.functions.get('default/shared-notes-prod')?.versions.find((v) => v.version === '1');
    db = seededDatabase();
    const port = await freePort();
    noteService = await startNoteServiceProcess(db.dbPath, port);
    // The function's environment as deployed; the note service is the local reference one.
    fn = await runScfPackage({ packagePath: zipFile, env: { ...version?.environment, NOTE_SERVICE_URL: noteService.url }, readyPath: '/robots.txt' });
    const share = listShares(db.dbPath);
    const note = await fetch(`${fn.url}/s/${share('周末杭州')}/${encodeURIComponent('周末杭州两日游攻略')}`);
    const html = await note.text();
    expect(note.status, html.slice(0, 500)).toBe(200);
    expect(html).toContain(`${STATIC_URL}/_next/static/`);
    const home = await fetch(`${fn.url}/`);
    expect(home.status).toBe(200);
    const image = /<img src="(\/r\/[^"]+)"/.exec(html)?.[1] ?? '';
    const res = await fetch(`${fn.url}${image}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\//);
    const sitemap = await fetch(`${fn.url}/sitemap.xml`);
    expect(sitemap.status).toBe(200);
    expect(await sitemap.text()).toContain('https://notes.example.com/');
    expect(fn.output()).not.toMatch(/EACCES|EROFS|"level":"error"/);
  });
});

describe('npm run deploy -- --dry-run --json', () => {
  it('prints the complete plan with no credentials and no network', () => {
    // In a network namespace of its own where the machine allows one: no network at all.
    const isolated = process.getuid?.() === 0 && spawnSync('unshare', ['--net', 'true']).status === 0;
    const command = isolated ? ['unshare', '--net', process.execPath] : [process.execPath];
    const result = spawnSync(command[0] as string, [...command.slice(1), tsxCli, 'scripts/deploy.ts', '--dry-run', '--json', '--skip-build'], {
      cwd: repoRoot,
      env: { NODE_ENV: 'production', PATH: process.env.PATH, HOME: process.env.HOME, NEXT_DIST_DIR: DIST_DIR, FUNCTION_DIR, STATIC_URL },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const { plan, placeholders, problems } = JSON.parse(result.stdout) as { plan: Record<string, Record<string, unknown>>; placeholders: string[]; problems: string[] };
    expect(problems).toEqual([]);
    expect(placeholders).toEqual(['SITE_URL', 'STATIC_BUCKET', 'NOTE_SERVICE_URL']);
    expect(plan.function).toMatchObject({ type: 'HTTP', runtime: 'Nodejs20.19', memorySize: 512, environment: ['DEPLOY_ENV', 'NOTE_SERVICE_URL', 'NOTE_STORE', 'SITE_URL', 'STATIC_URL'] });
    expect(plan.functionUrl).toEqual({ qualifier: 'live', authType: 'NONE', extranet: true, intranet: false });
    expect(plan.version).toEqual({ publish: true, alias: 'live' });
    expect(plan.staticFiles?.count).toBe(listStaticObjects(repoRoot, DIST_DIR).length);
    expect((plan.cdn as unknown as Array<{ domain: string; origin: { type: string } }>).map((d) => [d.domain, d.origin.type])).toEqual([['notes.example.com', 'domain'], ['static.example.com', 'cos']]);
    expect(result.stdout).not.toMatch(/secret/i);
  });
});
