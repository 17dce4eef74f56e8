import type { DeployPlan } from './deploy-plan';
import type { DeploySettings } from './deploy-settings';
import type { ScfClient } from './tencent-clients';

/** SCF calls of the deploy (API 2018-04-16): the web function, its versions, the alias and the Function URL. */

function codeOf(error: unknown): string {
  const e = error as { code?: unknown } | null;
  return typeof e?.code === 'string' ? e.code : '';
}

const isNotFound = (error: unknown): boolean => codeOf(error).startsWith('ResourceNotFound');

async function getFunction(scf: ScfClient, plan: DeployPlan, qualifier?: string) {
  try {
    return await scf.GetFunction({ FunctionName: plan.function.name, Namespace: plan.function.namespace, ...(qualifier ? { Qualifier: qualifier } : {}) });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** SCF creates and updates asynchronously: later calls fail while the function is Creating/Updating. */
async function waitUntilActive(scf: ScfClient, plan: DeployPlan, pollMs: number, qualifier?: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const fn = await getFunction(scf, plan, qualifier);
    const status = fn?.Status ?? 'missing';
    if (status === 'Active') return;
    if (/Failed$/.test(status) || status === 'missing') throw new Error(`function ${plan.function.name}${qualifier ? `:${qualifier}` : ''} is ${status}: ${fn?.StatusDesc ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`function ${plan.function.name} did not become Active`);
}

function configuration(plan: DeployPlan, settings: DeploySettings) {
  return {
    FunctionName: plan.function.name,
    Namespace: plan.function.namespace,
    Description: plan.function.description,
    MemorySize: plan.function.memorySize,
    Timeout: plan.function.timeout,
    Environment: { Variables: Object.entries(settings.functionEnv).map(([Key, Value]) => ({ Key, Value })) },
    InstanceConcurrencyConfig: { MaxConcurrency: plan.function.instanceConcurrency },
  };
}

/** SCF names the bucket without its -APPID suffix in Code (CosBucketName), with the region beside it. */
function cosCode(plan: DeployPlan, settings: DeploySettings) {
  return { CosBucketName: plan.function.code.bucket.replace(/-\d+$/, ''), CosObjectName: `/${plan.function.code.key}`, CosBucketRegion: settings.region };
}

/** Creates the web function, or updates its code and configuration when they differ from the plan. */
export async function upsertFunction(scf: ScfClient, plan: DeployPlan, settings: DeploySettings, pollMs: number): Promise<{ changed: boolean; detail: string }> {
  const current = await getFunction(scf, plan);
  if (!current) {
    await scf.CreateFunction({ ...configuration(plan, settings), Type: 'HTTP', Runtime: plan.function.runtime, Code: cosCode(plan, settings) });
    await waitUntilActive(scf, plan, pollMs);
    return { changed: true, detail: `created ${plan.function.name} (web function, ${plan.function.runtime}, ${plan.function.memorySize} MB)` };
  }
  if (current.Type !== 'HTTP') throw new Error(`function ${plan.function.name} exists as an event function: SCF cannot change a function's type; delete it or choose another FUNCTION_NAME`);
  if (current.Description === plan.function.description) return { changed: false, detail: `${plan.function.name} already holds this code and configuration` };
  const [wantCode] = plan.function.description.split(' config=');
  const changes: string[] = [];
  if (!current.Description?.startsWith(`${wantCode} `)) {
    await scf.UpdateFunctionCode({ FunctionName: plan.function.name, Namespace: plan.function.namespace, ...cosCode(plan, settings) });
    await waitUntilActive(scf, plan, pollMs);
    changes.push('code');
  }
  await scf.UpdateFunctionConfiguration(configuration(plan, settings));
  await waitUntilActive(scf, plan, pollMs);
  changes.push('configuration');
  return { changed: true, detail: `updated ${plan.function.name}: ${changes.join(' and ')}` };
}

/** Publishes $LATEST as a version, unless a published version already holds exactly this code and configuration. */
export async function publishVersion(scf: ScfClient, plan: DeployPlan, pollMs: number): Promise<{ published: boolean; version: string; detail: string }> {
  const versions = await scf.ListVersionByFunction({ FunctionName: plan.function.name, Namespace: plan.function.namespace, Limit: 100, Order: 'DESC', OrderBy: 'AddTime' });
  const same = (versions.Versions ?? []).find((v) => v.Description === plan.function.description && v.Version !== '$LATEST');
  if (same?.Version) return { published: false, version: same.Version, detail: `version ${same.Version} already holds this code` };
  const { FunctionVersion } = await scf.PublishVersion({ FunctionName: plan.function.name, Namespace: plan.function.namespace, Description: plan.function.description });
  if (!FunctionVersion) throw new Error('PublishVersion answered no version');
  await waitUntilActive(scf, plan, pollMs, FunctionVersion);
  return { published: true, version: FunctionVersion, detail: `published version ${FunctionVersion}` };
}

/** The alias's version, and the one it pointed at before (kept in its description for --rollback). */
export async function aliasTarget(scf: ScfClient, settings: Pick<DeploySettings, 'functionName' | 'namespace' | 'alias'>): Promise<{ version: string; previous: string | null } | null> {
  try {
    const alias = await scf.GetAlias({ FunctionName: settings.functionName, Namespace: settings.namespace, Name: settings.alias });
    return { version: alias.FunctionVersion ?? '', previous: /previous=(\d+)/.exec(alias.Description ?? '')?.[1] ?? null };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** Points the alias (all of its traffic) at `version`, remembering the version it leaves. */
export async function pointAlias(scf: ScfClient, plan: DeployPlan, version: string): Promise<{ moved: boolean; detail: string }> {
  const settings = { functionName: plan.function.name, namespace: plan.function.namespace, alias: plan.version.alias };
  const current = await aliasTarget(scf, settings);
  const base = { FunctionName: plan.function.name, Namespace: plan.function.namespace, Name: plan.version.alias, FunctionVersion: version };
  if (!current) {
    await scf.CreateAlias({ ...base, Description: 'first deploy' });
    return { moved: true, detail: `${plan.version.alias} -> version ${version} (new alias)` };
  }
  if (current.version === version) return { moved: false, detail: `${plan.version.alias} already on version ${version}` };
  await scf.UpdateAlias({ ...base, Description: `previous=${current.version}` });
  return { moved: true, detail: `${plan.version.alias}: version ${current.version} -> ${version}` };
}

/** The first https URL on SCF's Function URL domain in a trigger's fields (their layout is not documented). */
export function functionUrlOf(fields: Array<string | undefined>): string | null {
  for (const field of fields) {
    const match = /https:\/\/[A-Za-z0-9.-]+\.tencentscf\.com\b/.exec(field ?? '');
    if (match) return match[0];
  }
  return null;
}

/** The alias's Function URL (an `http` trigger, doc 583/100227): public, no authentication (the CDN is in front). */
export async function ensureFunctionUrl(scf: ScfClient, plan: DeployPlan): Promise<{ created: boolean; url: string }> {
  const find = async () => {
    const { Triggers } = await scf.ListTriggers({
      FunctionName: plan.function.name,
      Namespace: plan.function.namespace,
      Filters: [{ Name: 'Type', Values: ['http'] }, { Name: 'Qualifier', Values: [plan.functionUrl.qualifier] }],
    });
    const trigger = (Triggers ?? []).find((t) => t.Type === 'http' && t.Qualifier === plan.functionUrl.qualifier);
    return trigger ? functionUrlOf([trigger.TriggerDesc, trigger.TriggerAttribute, trigger.ResourceId]) ?? '' : null;
  };
  const existing = await find();
  if (existing) return { created: false, url: existing };
  if (existing === null) {
    await scf.CreateTrigger({
      FunctionName: plan.function.name,
      Namespace: plan.function.namespace,
      Type: 'http',
      TriggerName: 'url',
      Qualifier: plan.functionUrl.qualifier,
      TriggerDesc: JSON.stringify({ AuthType: plan.functionUrl.authType, NetConfig: { EnableIntranet: plan.functionUrl.intranet, EnableExtranet: plan.functionUrl.extranet } }),
      Enable: 'OPEN',
    });
  }
  const url = await find();
  if (!url) throw new Error(`the Function URL of ${plan.function.name}:${plan.functionUrl.qualifier} exists but its address was not found in ListTriggers; copy it from the console`);
  return { created: existing === null, url };
}
