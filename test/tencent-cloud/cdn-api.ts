import { ApiError } from './scf-api';

/**
 * CDN API 2018-06-06 as far as the deploy uses it (docs 228/41123 AddCdnDomain, 228/41116
 * UpdateDomainConfig, 228/41117 DescribeDomainsConfig, 228/37870 PurgePathCache): domains keep the
 * configuration they were given; purges must name a configured domain.
 */

type Params = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export interface CdnDomainState {
  Domain: string;
  ServiceType: string;
  Status: string;
  [field: string]: unknown;
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ORIGIN_TYPES = new Set(['domain', 'cos', 'ip', 'ip_domain', 'third_party']);

export class CdnApi {
  readonly domains = new Map<string, CdnDomainState>();
  readonly purges: Array<{ action: string; targets: string[]; flushType?: string }> = [];
  private tasks = 0;

  constructor(private readonly isCosHost: (host: string) => boolean) {}

  private validate(p: Params): void {
    const origin = p.Origin as { Origins?: string[]; OriginType?: string; ServerName?: string; OriginPullProtocol?: string } | undefined;
    if (origin) {
      if (!origin.Origins?.length || !ORIGIN_TYPES.has(origin.OriginType ?? '')) throw new ApiError('InvalidParameter.CdnConfigInvalidOrigin', 'Origin needs Origins and a known OriginType');
      if (origin.OriginType === 'cos' && !origin.Origins.every(this.isCosHost)) throw new ApiError('InvalidParameter.CdnConfigInvalidOrigin', `${origin.Origins.join(',')} is not a bucket of this account`);
      if (origin.OriginType === 'domain' && !origin.Origins.every((o) => HOSTNAME.test(o.replace(/:\d+$/, '')))) throw new ApiError('InvalidParameter.CdnConfigInvalidOrigin', 'origin is not a host name');
    }
    const https = p.Https as { Switch?: string; CertInfo?: { CertId?: string } } | undefined;
    if (https?.Switch === 'on' && !https.CertInfo?.CertId) throw new ApiError('InvalidParameter.CdnConfigInvalidCertInfo', 'HTTPS needs CertInfo.CertId');
    const redirect = p.ForceRedirect as { Switch?: string } | undefined;
    if (redirect?.Switch === 'on' && https?.Switch !== 'on' && (this.domains.get(String(p.Domain))?.Https as { Switch?: string } | undefined)?.Switch !== 'on') {
      throw new ApiError('InvalidParameter.CdnConfigInvalidForceRedirect', 'redirecting to HTTPS needs HTTPS on');
    }
    if (p.Area !== undefined && !['mainland', 'overseas', 'global'].includes(text(p.Area))) throw new ApiError('InvalidParameter.CdnParamError', 'bad Area');
  }

  private targetsKnownDomain(url: string): boolean {
    try {
      return this.domains.has(new URL(url).hostname);
    } catch {
      return false;
    }
  }

  call(action: string, p: Params): Params {
    switch (action) {
      case 'AddCdnDomain': {
        const domain = text(p.Domain);
        if (!HOSTNAME.test(domain)) throw new ApiError('InvalidParameter.CdnHostInvalidParam', `bad domain ${domain}`);
        if (this.domains.has(domain)) throw new ApiError('ResourceInUse.CdnHostExists', `${domain} is already a CDN domain`);
        if (!['web', 'download', 'media', 'hybrid', 'dynamic'].includes(String(p.ServiceType))) throw new ApiError('InvalidParameter.CdnParamError', 'bad ServiceType');
        if (!p.Origin) throw new ApiError('MissingParameter', 'Origin is required');
        this.validate(p);
        this.domains.set(domain, { ...p, Domain: domain, ServiceType: String(p.ServiceType), Status: 'online' });
        return {};
      }
      case 'UpdateDomainConfig': {
        const current = this.domains.get(text(p.Domain));
        if (!current) throw new ApiError('ResourceNotFound.CdnHostNotExists', `${String(p.Domain)} is not a CDN domain`);
        this.validate(p);
        Object.assign(current, p);
        return {};
      }
      case 'DescribeDomainsConfig': {
        const filters = (p.Filters ?? []) as Array<{ Name: string; Value: string[] }>;
        const names = filters.find((f) => f.Name === 'domain')?.Value;
        const domains = [...this.domains.values()].filter((d) => !names || names.includes(d.Domain));
        return { Domains: domains, TotalNumber: domains.length };
      }
      case 'PurgePathCache':
      case 'PurgeUrlsCache': {
        const targets = ((action === 'PurgePathCache' ? p.Paths : p.Urls) ?? []) as string[];
        if (action === 'PurgePathCache' && !['flush', 'delete'].includes(String(p.FlushType))) throw new ApiError('InvalidParameter.CdnPurgeWildcardNotAllowed', 'FlushType must be flush or delete');
        if (targets.length === 0 || !targets.every((t) => this.targetsKnownDomain(t))) throw new ApiError('InvalidParameter.CdnHostInvalidParam', 'every path must be on a CDN domain of this account');
        this.purges.push({ action, targets, flushType: p.FlushType as string | undefined });
        this.tasks += 1;
        return { TaskId: `purge-${this.tasks}` };
      }
      default:
        throw new ApiError('InvalidAction', `the stand-in does not answer ${action}`);
    }
  }
}
