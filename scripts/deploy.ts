// npm run deploy: builds and packages the site, then deploys it to Tencent Cloud (SCF web function
// + Function URL + version + alias, static files on COS, CDN in front). docs/deploy.md explains it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyPlan, rollBack, type DeployStep } from '../lib/deploy/apply-plan';
import { zipCodePackage } from '../lib/deploy/code-package';
import { buildPlan } from '../lib/deploy/deploy-plan';
import { loadDeploySettings } from '../lib/deploy/deploy-settings';
import { listStaticObjects } from '../lib/deploy/static-files';
import { createTencentClients } from '../lib/deploy/tencent-clients';

const HELP = `Usage: npm run deploy -- [options]

Builds (npm run build with STATIC_URL baked in), packages (npm run package), then:
  1. uploads the code package and every static file to the COS bucket (unchanged objects are skipped),
  2. creates or updates the SCF web function, publishes a version, points the alias at it,
  3. gives the alias a Function URL, and configures the two CDN domains (pages -> Function URL,
     static files -> bucket), then marks the site's CDN cache stale if the alias moved.

Options:
  --dry-run      do everything but the Tencent Cloud calls and print the plan (no credentials needed)
  --json         print the plan (and with a deploy, the steps) as JSON
  --skip-build   deploy the package already in FUNCTION_DIR (default dist/) instead of building
  --rollback     point the alias back at the version it pointed at before the last deploy
  --help         this text

Settings (environment): SITE_URL, STATIC_URL, STATIC_BUCKET (name-APPID), NOTE_SERVICE_URL,
REGION, STAGE, FUNCTION_NAME, FUNCTION_ALIAS, MEMORY_SIZE, CDN_CERT_ID, DEPLOY_DEMO, and
TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY. docs/deploy.md lists them all.`;

/** A dry run needs no real settings: missing ones are filled with these and listed as placeholders. */
const DRY_RUN_EXAMPLES: Record<string, string> = {
  SITE_URL: 'https://notes.example.com',
  STATIC_URL: 'https://static.example.com',
  STATIC_BUCKET: 'shared-notes-1250000000',
  NOTE_SERVICE_URL: 'https://notes-api.example.com',
};

const root = resolve(__dirname, '..');
const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => !['--dry-run', '--json', '--skip-build', '--rollback', '--help', '-h'].includes(a));

function run(command: string, script: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, ['run', script], { cwd: root, env, stdio: ['ignore', process.stderr, process.stderr] });
  if (result.status !== 0) throw new Error(`npm run ${script} failed (${result.status ?? result.signal})`);
}

function say(json: boolean, line: string): void {
  if (!json) process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  if (args.has('--help') || args.has('-h')) return void process.stdout.write(`${HELP}\n`);
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')} (see --help)`);
  const isDryRun = args.has('--dry-run');
  const isJson = args.has('--json');
  const placeholders = isDryRun ? Object.keys(DRY_RUN_EXAMPLES).filter((name) => !process.env[name]?.trim()) : [];
  const env: NodeJS.ProcessEnv = { ...process.env, ...Object.fromEntries(placeholders.map((name) => [name, DRY_RUN_EXAMPLES[name]])) };
  const settings = loadDeploySettings(env);

  if (args.has('--rollback')) {
    if (isDryRun) return say(isJson, `would point alias ${settings.alias} of ${settings.functionName} back at its previous version`);
    const clients = createTencentClients(settings);
    try {
      const steps = await rollBack(settings, clients);
      if (isJson) process.stdout.write(`${JSON.stringify({ rollback: steps }, null, 2)}\n`);
      else for (const s of steps) say(false, `${s.step}: ${s.detail}`);
    } finally {
      clients.close();
    }
    return;
  }

  const distDir = env.NEXT_DIST_DIR?.trim() || '.next';
  const functionDir = resolve(root, env.FUNCTION_DIR?.trim() || 'dist');
  if (!args.has('--skip-build')) {
    // The build bakes STATIC_URL into every page (assetPrefix); the package then leaves static files to the bucket.
    const buildEnv: NodeJS.ProcessEnv = { ...env, NODE_ENV: 'production', STATIC_URL: settings.staticUrl };
    run('npm', 'build', buildEnv);
    run('npm', 'package', buildEnv);
  }
  const serverFiles = join(functionDir, distDir, 'required-server-files.json');
  if (!existsSync(serverFiles)) throw new Error(`no function package in ${functionDir}: run without --skip-build`);
  const assetPrefix = (JSON.parse(readFileSync(serverFiles, 'utf8')) as { config?: { assetPrefix?: string } }).config?.assetPrefix ?? '';
  const problems: string[] = [];
  if (assetPrefix !== settings.staticUrl) problems.push(`the package in ${functionDir} was built for STATIC_URL "${assetPrefix}", not "${settings.staticUrl}": run without --skip-build`);
  if (problems.length > 0 && !isDryRun) throw new Error(problems.join('; '));

  const pkg = await zipCodePackage(functionDir);
  const objects = listStaticObjects(root, distDir);
  const plan = buildPlan(settings, { digest: pkg.digest, zipBytes: pkg.zip.length, unzippedBytes: pkg.unzippedBytes, files: pkg.files }, objects);
  if (isDryRun) {
    if (isJson) process.stdout.write(`${JSON.stringify({ dryRun: true, placeholders, problems, plan }, null, 2)}\n`);
    else {
      say(false, `Dry run (no calls made)${placeholders.length ? `; example values for ${placeholders.join(', ')}` : ''}:`);
      for (const problem of problems) say(false, `  PROBLEM: ${problem}`);
      say(false, `  function ${plan.function.name} (web, ${plan.function.runtime}, ${plan.function.memorySize} MB, ${plan.function.timeout} s) in ${plan.region}`);
      say(false, `  code ${(plan.function.code.zipBytes / 1e6).toFixed(1)} MB zipped -> cos://${plan.function.code.bucket}/${plan.function.code.key}`);
      say(false, `  environment: ${plan.function.environment.join(', ')}`);
      say(false, `  version published, alias ${plan.version.alias} moved to it, Function URL on ${plan.functionUrl.qualifier} (public)`);
      say(false, `  ${plan.staticFiles.count} static files (${(plan.staticFiles.bytes / 1e6).toFixed(1)} MB) -> cos://${plan.staticFiles.bucket}`);
      for (const d of plan.cdn) say(false, `  CDN ${d.domain}: ${d.serves}; HTTPS ${d.https.enabled ? 'on' : 'off (no CDN_CERT_ID)'}`);
    }
    return;
  }

  const clients = createTencentClients(settings);
  try {
    const files = new Map(objects.map((o) => [o.key, o.file]));
    const result = await applyPlan(plan, settings, clients, { zip: pkg.zip, files, log: (s: DeployStep) => say(isJson, `${s.done ? 'done' : 'kept'}  ${s.step}: ${s.detail}`) });
    if (isJson) process.stdout.write(`${JSON.stringify({ plan, ...result }, null, 2)}\n`);
    else say(false, `Deployed version ${result.version}; Function URL ${result.functionUrl}; site ${settings.siteUrl}`);
  } finally {
    clients.close();
  }
}

/** SDK errors: Tencent Cloud API errors carry `code`, COS errors `code` and `statusCode` (and are not Error objects). */
function describeError(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown; statusCode?: unknown; requestId?: unknown; RequestId?: unknown };
  const parts = [e.code, e.statusCode, typeof e.message === 'string' ? e.message : JSON.stringify(error)].filter((p) => p !== undefined && p !== '');
  return error instanceof Error && e.code === undefined ? error.message : parts.join(' ');
}

main().catch((error: unknown) => {
  process.stderr.write(`deploy: ${describeError(error)}\n`);
  process.exit(1);
});
