/**
 * What `npm run deploy` deploys, read from the deploying machine's environment (scripts/deploy.ts
 * passes process.env). Validated up front: a bad value stops the deploy before any call, naming
 * the variable. Credentials are optional here: a dry run needs none.
 */

export interface DeploySettings {
  region: string;
  namespace: string;
  functionName: string;
  /** The alias the Function URL and the CDN point at; deploys and rollbacks move it. */
  alias: string;
  runtime: string;
  memorySize: number;
  timeoutSeconds: number;
  /** Requests one instance takes at once (web functions: 1-100). */
  instanceConcurrency: number;
  /** The COS bucket (name-APPID) for static files and code packages. */
  bucket: string;
  /** Public origin of the site (the CDN domain in front of the Function URL). */
  siteUrl: string;
  /** Origin of the static files (the CDN domain in front of the bucket); baked into the build. */
  staticUrl: string;
  /** SSL certificate id (Tencent Cloud SSL Certificates) for both CDN domains; none: HTTPS off. */
  certId: string | null;
  /** mainland | overseas | global. */
  cdnArea: 'mainland' | 'overseas' | 'global';
  /** The function's environment variables (values; the plan shows only names). */
  functionEnv: Record<string, string>;
  secretId: string | null;
  secretKey: string | null;
  /** Tests only: every Tencent Cloud call goes to this local address, over HTTP, host names unchanged. */
  apiStandIn: string | null;
}

type Env = Record<string, string | undefined>;

export class DeploySettingsError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid deploy setting: ${variable} ${problem}`);
    this.name = 'DeploySettingsError';
  }
}

/** Settings the function receives when set on the deploying machine (besides the ones derived below). */
const PASSED_THROUGH = [
  'NOTE_SERVICE_URL', 'NOTE_SERVICE_TOKEN', 'NOTE_SERVICE_TIMEOUT_MS', 'WEBHOOK_SECRET', 'CDN_PURGE_SECRET_ID', 'CDN_PURGE_SECRET_KEY',
  'SITE_NAME', 'DEFAULT_LOCALE', 'IMAGE_LOADER', 'RESOURCE_BASE_URL', 'INDEXNOW_KEY', 'BAIDU_PUSH_TOKEN',
  'APP_OPEN_URL_TEMPLATE', 'APP_SAVE_URL_TEMPLATE', 'NOTEBOOK_PAGE_SIZE', 'NOTE_CACHE_TTL_MS', 'NOTE_STALE_TTL_MS',
];

/** SCF refuses these prefixes in a function's environment (doc 583/32748). */
const RESERVED_PREFIXES = ['SCF_', 'QCLOUD_', 'TENCENTCLOUD_'];

/** SCF Node.js runtimes whose binary is where scf_bootstrap looks for it (/var/lang/node20). */
const RUNTIMES = ['Nodejs20.19', 'Nodejs20.18', 'Nodejs20.15'];

/**
 * From measurement: the packaged function peaked at 198-266 MB VmHWM under the bench's expensive
 * mix (OG cards, QR codes, sitemaps, uncached notes; `npm run bench -- --only memory`), and at up to
 * 310 MB in an earlier 5,000-request run. A web function that runs out of memory aborts every request
 * in flight on it; 512 MB keeps 310 MB under 75% of it (384 MB would not).
 */
export const DEFAULT_MEMORY_MB = 512;

function text(env: Env, name: string, fallback?: string): string {
  const value = env[name]?.trim() || fallback;
  if (!value) throw new DeploySettingsError(name, 'is required');
  return value;
}

function matching(env: Env, name: string, pattern: RegExp, fallback?: string): string {
  const value = text(env, name, fallback);
  if (!pattern.test(value)) throw new DeploySettingsError(name, `has an invalid format (got "${value}")`);
  return value;
}

function intIn(env: Env, name: string, fallback: number, min: number, max: number, step = 1): number {
  const raw = env[name]?.trim();
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < min || value > max || value % step !== 0) {
    throw new DeploySettingsError(name, `must be a whole number from ${min} to ${max}${step > 1 ? ` in steps of ${step}` : ''} (got "${raw}")`);
  }
  return value;
}

function httpsOrigin(env: Env, name: string): string {
  const value = text(env, name);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DeploySettingsError(name, `must be an absolute https URL (got "${value}")`);
  }
  if (url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.username) throw new DeploySettingsError(name, `must be an https origin without a path (got "${value}")`);
  return url.origin;
}

function flag(env: Env, name: string): boolean {
  const value = env[name]?.trim().toLowerCase() ?? '';
  if (['', '0', 'false', 'no'].includes(value)) return false;
  if (['1', 'true', 'yes'].includes(value)) return true;
  throw new DeploySettingsError(name, `must be true or false (got "${value}")`);
}

/**
 * The function's environment. The note service by default (NOTE_STORE=http): the embedded SQLite
 * store is for a demo (DEPLOY_DEMO=true), where each instance seeds its own copy of the demo notes.
 */
function functionEnv(env: Env, siteUrl: string, staticUrl: string): Record<string, string> {
  const isDemo = flag(env, 'DEPLOY_DEMO');
  const vars: Record<string, string> = {
    SITE_URL: siteUrl,
    STATIC_URL: staticUrl,
    DEPLOY_ENV: matching(env, 'DEPLOY_ENV', /^(production|preview)$/, 'production'),
    NOTE_STORE: isDemo ? 'sqlite' : 'http',
  };
  if (isDemo) Object.assign(vars, { NOTES_ALLOW_SQLITE_ON_SCF: 'true', NOTES_SEED_DEMO: 'true', NOTES_DB_PATH: '/tmp/notes.db' });
  else vars.NOTE_SERVICE_URL = httpsOrigin(env, 'NOTE_SERVICE_URL');
  for (const name of PASSED_THROUGH) {
    const value = env[name]?.trim();
    if (value && !(name in vars)) vars[name] = value;
  }
  for (const name of Object.keys(vars)) {
    if (RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix))) throw new DeploySettingsError(name, 'uses a prefix SCF reserves');
  }
  // SCF caps a function's environment at 4 KB.
  const bytes = Object.entries(vars).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
  if (bytes > 4096) throw new DeploySettingsError('the function environment', `is ${bytes} bytes; SCF allows 4,096`);
  return vars;
}

export function loadDeploySettings(env: Env): DeploySettings {
  const siteUrl = httpsOrigin(env, 'SITE_URL');
  const staticUrl = httpsOrigin(env, 'STATIC_URL');
  if (siteUrl === staticUrl) throw new DeploySettingsError('STATIC_URL', 'must be its own CDN domain (not SITE_URL): it serves the bucket');
  const stage = matching(env, 'STAGE', /^[a-z0-9-]{1,20}$/, 'prod');
  const standIn = env.DEPLOY_API_STAND_IN?.trim() || null;
  if (standIn && !/^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(standIn)) throw new DeploySettingsError('DEPLOY_API_STAND_IN', `must be http://127.0.0.1:<port> (got "${standIn}")`);
  return {
    region: matching(env, 'REGION', /^[a-z]{2}-[a-z]+(-[a-z0-9]+)?$/, 'ap-guangzhou'),
    namespace: matching(env, 'SCF_NAMESPACE', /^[A-Za-z0-9_-]{1,30}$/, 'default'),
    functionName: matching(env, 'FUNCTION_NAME', /^[A-Za-z][A-Za-z0-9_-]{1,58}[A-Za-z0-9]$/, `shared-notes-${stage}`),
    alias: matching(env, 'FUNCTION_ALIAS', /^[a-z][a-z0-9_-]{0,62}$/, 'live'),
    runtime: matching(env, 'SCF_RUNTIME', new RegExp(`^(${RUNTIMES.join('|').replace(/\./g, '\\.')})$`), RUNTIMES[0]),
    memorySize: intIn(env, 'MEMORY_SIZE', DEFAULT_MEMORY_MB, 128, 3072, 128),
    timeoutSeconds: intIn(env, 'FUNCTION_TIMEOUT', 10, 1, 900),
    instanceConcurrency: intIn(env, 'INSTANCE_CONCURRENCY', 10, 1, 100),
    bucket: matching(env, 'STATIC_BUCKET', /^[a-z0-9][a-z0-9-]{0,40}-\d{5,}$/),
    siteUrl,
    staticUrl,
    certId: env.CDN_CERT_ID?.trim() || null,
    cdnArea: matching(env, 'CDN_AREA', /^(mainland|overseas|global)$/, 'mainland') as DeploySettings['cdnArea'],
    functionEnv: functionEnv(env, siteUrl, staticUrl),
    secretId: env.TENCENTCLOUD_SECRET_ID?.trim() || null,
    secretKey: env.TENCENTCLOUD_SECRET_KEY?.trim() || null,
    apiStandIn: standIn,
  };
}
