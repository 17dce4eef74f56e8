import { createHash } from 'node:crypto';
import type { DeploySettings } from './deploy-settings';
import type { StaticObject } from './static-files';

/**
 * What a deploy makes true, as data: printed by `--dry-run --json`, carried out by applyPlan.
 * Secret values never appear in it (the function's environment is listed by name).
 */
export interface DeployPlan {
  region: string;
  function: {
    name: string;
    namespace: string;
    /** SCF's API type: HTTP is a web function (SCF starts scf_bootstrap and forwards HTTP to port 9000). */
    type: 'HTTP';
    runtime: string;
    memorySize: number;
    timeout: number;
    instanceConcurrency: number;
    environment: string[];
    code: { digest: string; zipBytes: number; unzippedBytes: number; files: number; bucket: string; key: string };
    /** Marks the function's configuration and each published version with what they hold. */
    description: string;
  };
  version: { publish: true; alias: string };
  functionUrl: { qualifier: string; authType: 'NONE'; extranet: true; intranet: false };
  staticFiles: {
    bucket: string;
    count: number;
    bytes: number;
    objects: Array<Pick<StaticObject, 'key' | 'size' | 'contentType' | 'cacheControl' | 'md5'>>;
  };
  cdn: CdnDomainPlan[];
}

export interface CdnDomainPlan {
  domain: string;
  serves: string;
  origin: { type: 'domain' | 'cos'; origins: string[]; serverName: string | null; pullProtocol: 'https'; cosPrivateAccess: 'on' | 'off' };
  /** Every path follows the origin's Cache-Control (the app and the objects set it). */
  cache: 'follow-origin';
  https: { enabled: boolean; http2: boolean; certId: string | null; forceRedirect: boolean };
  area: DeploySettings['cdnArea'];
}

export interface PackageFacts {
  digest: string;
  zipBytes: number;
  unzippedBytes: number;
  files: number;
}

/** The host SCF gives the Function URL (unknown before it exists). */
export const FUNCTION_URL_PENDING = '<function-url-host>';

export function cosHost(settings: Pick<DeploySettings, 'bucket' | 'region'>): string {
  return `${settings.bucket}.cos.${settings.region}.myqcloud.com`;
}

export function describeCode(pkg: Pick<PackageFacts, 'digest'>, settings: DeploySettings): string {
  const configuration = JSON.stringify([settings.runtime, settings.memorySize, settings.timeoutSeconds, settings.instanceConcurrency, settings.functionEnv]);
  return `note-publisher code=${pkg.digest.slice(0, 16)} config=${createHash('sha256').update(configuration).digest('hex').slice(0, 16)}`;
}

export function cdnDomains(settings: DeploySettings, functionUrlHost: string): CdnDomainPlan[] {
  const https = { enabled: settings.certId !== null, http2: settings.certId !== null, certId: settings.certId, forceRedirect: settings.certId !== null };
  return [
    {
      domain: new URL(settings.siteUrl).hostname,
      serves: 'pages, sitemaps, resources: the function (through its Function URL)',
      origin: { type: 'domain', origins: [functionUrlHost], serverName: functionUrlHost, pullProtocol: 'https', cosPrivateAccess: 'off' },
      cache: 'follow-origin',
      https,
      area: settings.cdnArea,
    },
    {
      domain: new URL(settings.staticUrl).hostname,
      serves: '/_next/static and public/ files: the bucket',
      origin: { type: 'cos', origins: [cosHost(settings)], serverName: null, pullProtocol: 'https', cosPrivateAccess: 'on' },
      cache: 'follow-origin',
      https,
      area: settings.cdnArea,
    },
  ];
}

export function buildPlan(settings: DeploySettings, pkg: PackageFacts, objects: StaticObject[], functionUrlHost = FUNCTION_URL_PENDING): DeployPlan {
  return {
    region: settings.region,
    function: {
      name: settings.functionName,
      namespace: settings.namespace,
      type: 'HTTP',
      runtime: settings.runtime,
      memorySize: settings.memorySize,
      timeout: settings.timeoutSeconds,
      instanceConcurrency: settings.instanceConcurrency,
      environment: Object.keys(settings.functionEnv).sort(),
      code: { ...pkg, bucket: settings.bucket, key: codeObjectKey(settings, pkg.digest) },
      description: describeCode(pkg, settings),
    },
    version: { publish: true, alias: settings.alias },
    functionUrl: { qualifier: settings.alias, authType: 'NONE', extranet: true, intranet: false },
    staticFiles: {
      bucket: settings.bucket,
      count: objects.length,
      bytes: objects.reduce((sum, o) => sum + o.size, 0),
      objects: objects.map(({ key, size, contentType, cacheControl, md5 }) => ({ key, size, contentType, cacheControl, md5 })),
    },
    cdn: cdnDomains(settings, functionUrlHost),
  };
}

/** Code packages sit in the same (private) bucket, one object per distinct code. */
export function codeObjectKey(settings: Pick<DeploySettings, 'functionName'>, digest: string): string {
  return `scf-code/${settings.functionName}/${digest}.zip`;
}
