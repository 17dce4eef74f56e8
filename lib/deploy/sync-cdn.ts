import type { CdnDomainPlan } from './deploy-plan';
import type { CdnClient } from './tencent-clients';

/** CDN calls of the deploy (API 2018-06-06): one acceleration domain per origin, configured as planned. */

/** The request fields the plan decides, in the API's shape; compared with what DescribeDomainsConfig answers. */
export function cdnConfig(plan: CdnDomainPlan) {
  return {
    Origin: {
      Origins: plan.origin.origins,
      OriginType: plan.origin.type,
      ...(plan.origin.serverName ? { ServerName: plan.origin.serverName } : {}),
      OriginPullProtocol: plan.origin.pullProtocol,
      ...(plan.origin.type === 'cos' ? { CosPrivateAccess: plan.origin.cosPrivateAccess } : {}),
    },
    // One rule for every path: follow the origin's Cache-Control (pages set s-maxage, assets immutable).
    Cache: {
      RuleCache: [{
        RulePaths: ['*'],
        RuleType: 'all',
        CacheConfig: {
          Cache: { Switch: 'off', CacheTime: 0, CompareMaxAge: 'off', IgnoreCacheControl: 'off', IgnoreSetCookie: 'off' },
          NoCache: { Switch: 'off', Revalidate: 'off' },
          FollowOrigin: { Switch: 'on', HeuristicCache: { Switch: 'off' } },
        },
      }],
    },
    Https: plan.https.enabled
      ? { Switch: 'on', Http2: plan.https.http2 ? 'on' : 'off', CertInfo: { CertId: plan.https.certId ?? '' } }
      : { Switch: 'off' },
    ForceRedirect: plan.https.forceRedirect ? { Switch: 'on', RedirectType: 'https', RedirectStatusCode: 301 } : { Switch: 'off' },
    Area: plan.area,
  };
}

type Config = ReturnType<typeof cdnConfig>;

/** Whether the domain as described already has every planned field (extra fields the console set are left alone). */
function matches(current: Record<string, unknown>, want: Config): boolean {
  const o = (current.Origin ?? {}) as Record<string, unknown>;
  const https = (current.Https ?? {}) as { Switch?: string; Http2?: string; CertInfo?: { CertId?: string } };
  const redirect = (current.ForceRedirect ?? {}) as { Switch?: string };
  const rules = ((current.Cache as { RuleCache?: unknown[] } | undefined)?.RuleCache ?? []) as Array<{ RulePaths?: string[]; CacheConfig?: { FollowOrigin?: { Switch?: string } } }>;
  return JSON.stringify(o.Origins ?? []) === JSON.stringify(want.Origin.Origins)
    && o.OriginType === want.Origin.OriginType
    && (o.ServerName ?? undefined) === ('ServerName' in want.Origin ? want.Origin.ServerName : o.ServerName ?? undefined)
    && o.OriginPullProtocol === want.Origin.OriginPullProtocol
    && https.Switch === want.Https.Switch
    && (want.Https.Switch === 'off' || (https.CertInfo?.CertId === want.Https.CertInfo?.CertId && https.Http2 === want.Https.Http2))
    && redirect.Switch === want.ForceRedirect.Switch
    && rules.length === 1 && rules[0]?.RulePaths?.[0] === '*' && rules[0]?.CacheConfig?.FollowOrigin?.Switch === 'on'
    && current.Area === want.Area;
}

export async function syncCdnDomain(cdn: CdnClient, plan: CdnDomainPlan): Promise<{ changed: boolean; detail: string }> {
  const want = cdnConfig(plan);
  const { Domains } = await cdn.DescribeDomainsConfig({ Filters: [{ Name: 'domain', Value: [plan.domain] }], Limit: 1 });
  const current = (Domains ?? []).find((d) => d.Domain === plan.domain);
  if (!current) {
    await cdn.AddCdnDomain({ Domain: plan.domain, ServiceType: 'web', ...want });
    return { changed: true, detail: `added, origin ${plan.origin.origins.join(', ')}; point ${plan.domain}'s CNAME at the CDN (see the console)` };
  }
  if (matches(current as unknown as Record<string, unknown>, want)) return { changed: false, detail: `already configured, origin ${plan.origin.origins.join(', ')}` };
  await cdn.UpdateDomainConfig({ Domain: plan.domain, ...want });
  return { changed: true, detail: `updated, origin ${plan.origin.origins.join(', ')}` };
}
