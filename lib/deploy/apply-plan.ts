import { readFileSync } from 'node:fs';
import type { DeployPlan } from './deploy-plan';
import { cdnDomains } from './deploy-plan';
import type { DeploySettings } from './deploy-settings';
import { syncCdnDomain } from './sync-cdn';
import { ensureBucket, listObjectEtags, putObject } from './cos-objects';
import type { TencentClients } from './tencent-clients';
import { aliasTarget, ensureFunctionUrl, pointAlias, publishVersion, upsertFunction } from './scf-function';

/** One thing the deploy did or found already done, in order: the deploy's log and the tests' record. */
export interface DeployStep {
  step: string;
  done: boolean;
  detail: string;
}

export interface DeployResult {
  steps: DeployStep[];
  functionUrl: string;
  version: string;
  uploadedObjects: number;
}

export interface ApplyOptions {
  zip: Buffer;
  /** Files of the plan's static objects, by key. */
  files: Map<string, string>;
  /** Between status checks of a function still being created or updated. */
  pollIntervalMs?: number;
  log?: (step: DeployStep) => void;
}

/**
 * Makes the plan true, skipping what already is: the code object and static objects already in the
 * bucket with the same bytes, a function already holding this code and configuration, a version
 * already published from it, an alias already on it, CDN domains already configured so.
 */
export async function applyPlan(plan: DeployPlan, settings: DeploySettings, clients: TencentClients, options: ApplyOptions): Promise<DeployResult> {
  const steps: DeployStep[] = [];
  const record = (step: string, done: boolean, detail: string): void => {
    const entry = { step, done, detail };
    steps.push(entry);
    options.log?.(entry);
  };
  const poll = options.pollIntervalMs ?? 1000;
  const { bucket } = plan.staticFiles;

  record('bucket', await ensureBucket(clients.cos, bucket, settings.region), bucket);
  const existing = await listObjectEtags(clients.cos, bucket, settings.region);

  const code = plan.function.code;
  const hasCode = existing.has(code.key);
  if (!hasCode) await putObject(clients.cos, { bucket, region: settings.region, key: code.key, body: options.zip, contentType: 'application/zip', cacheControl: 'no-store' });
  record('code package', !hasCode, `${code.key} (${code.zipBytes} bytes)`);

  let uploaded = 0;
  for (const object of plan.staticFiles.objects) {
    if (existing.get(object.key) === object.md5) continue;
    const file = options.files.get(object.key);
    if (!file) throw new Error(`no file for ${object.key}`);
    await putObject(clients.cos, { bucket, region: settings.region, key: object.key, body: readFileSync(file), contentType: object.contentType, cacheControl: object.cacheControl, md5: object.md5 });
    uploaded += 1;
  }
  record('static files', uploaded > 0, `${uploaded} of ${plan.staticFiles.count} uploaded, the rest unchanged`);

  const fn = await upsertFunction(clients.scf, plan, settings, poll);
  record('function', fn.changed, fn.detail);
  const version = await publishVersion(clients.scf, plan, poll);
  record('version', version.published, version.detail);
  const alias = await pointAlias(clients.scf, plan, version.version);
  record('alias', alias.moved, alias.detail);
  const url = await ensureFunctionUrl(clients.scf, plan);
  record('function URL', url.created, url.url);

  for (const domain of cdnDomains(settings, new URL(url.url).host)) {
    const outcome = await syncCdnDomain(clients.cdn, domain);
    record(`CDN ${domain.domain}`, outcome.changed, outcome.detail);
  }
  if (alias.moved) {
    await clients.cdn.PurgePathCache({ Paths: [`${settings.siteUrl}/`], FlushType: 'flush' });
    record('CDN refresh', true, `${settings.siteUrl}/ marked stale (pages of the previous version revalidate)`);
  }
  return { steps, functionUrl: url.url, version: version.version, uploadedObjects: uploaded };
}

/** `--rollback`: the alias back on the version it pointed at before the last move. */
export async function rollBack(settings: DeploySettings, clients: TencentClients): Promise<DeployStep[]> {
  const current = await aliasTarget(clients.scf, settings);
  if (!current) throw new Error(`alias ${settings.alias} of ${settings.functionName} does not exist: nothing to roll back`);
  if (!current.previous) throw new Error(`alias ${settings.alias} records no earlier version (version ${current.version} is the first deployed)`);
  await clients.scf.UpdateAlias({
    FunctionName: settings.functionName,
    Namespace: settings.namespace,
    Name: settings.alias,
    FunctionVersion: current.previous,
    Description: `previous=${current.version}`,
  });
  await clients.cdn.PurgePathCache({ Paths: [`${settings.siteUrl}/`], FlushType: 'flush' });
  return [
    { step: 'alias', done: true, detail: `${settings.alias}: version ${current.version} -> ${current.previous}` },
    { step: 'CDN refresh', done: true, detail: `${settings.siteUrl}/ marked stale` },
  ];
}
