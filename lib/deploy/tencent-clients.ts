import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import COS from 'cos-nodejs-sdk-v5';
import { cdn } from 'tencentcloud-sdk-nodejs-cdn';
import { scf } from 'tencentcloud-sdk-nodejs-scf';
import type { DeploySettings } from './deploy-settings';

export type ScfClient = InstanceType<typeof scf.v20180416.Client>;
export type CdnClient = InstanceType<typeof cdn.v20180606.Client>;

export interface TencentClients {
  scf: ScfClient;
  cdn: CdnClient;
  cos: COS;
  close(): void;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * An agent that connects every host name to `address`: the SDKs keep the real host names (the
 * TC3 signature covers the Host header and names the service after its first label), and the
 * local stand-in receives the requests exactly as the real endpoints would.
 */
function pinnedAgent(address: string): HttpAgent {
  const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    if (options.all) callback(null, [{ address, family: 4 }]);
    else callback(null, address, 4);
  };
  return new HttpAgent({ keepAlive: true, lookup });
}

/**
 * The official SDKs: tencentcloud-sdk-nodejs-scf / -cdn (TC3-HMAC-SHA256) and cos-nodejs-sdk-v5
 * (COS's own q-sign-algorithm=sha1 signature). With `apiStandIn` set (tests) they talk plain HTTP
 * to it: the cloud APIs through an agent pinned to its address (endpoint `<service>.tencentcloudapi.com:<port>`),
 * COS through it as an HTTP proxy (absolute request URLs, the bucket's real Host header).
 */
export function createTencentClients(settings: DeploySettings): TencentClients {
  if (!settings.secretId || !settings.secretKey) throw new Error('TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are required to deploy (a --dry-run needs none)');
  const credential = { secretId: settings.secretId, secretKey: settings.secretKey };
  const standIn = settings.apiStandIn ? new URL(settings.apiStandIn) : null;
  const agent = standIn ? pinnedAgent(standIn.hostname) : new HttpsAgent({ keepAlive: true });
  const httpProfile = (service: string) => (standIn
    ? { endpoint: `${service}.tencentcloudapi.com:${standIn.port}`, protocol: 'http://', agent, reqTimeout: 60 }
    : { endpoint: `${service}.tencentcloudapi.com`, protocol: 'https://', agent, reqTimeout: 60 });
  const cos = new COS({
    SecretId: settings.secretId,
    SecretKey: settings.secretKey,
    ...(standIn ? { Protocol: 'http:', Proxy: standIn.origin } : { Protocol: 'https:' }),
    // Large code packages go up in one PUT; COS takes up to 5 GB that way.
    Timeout: 300_000,
  });
  return {
    scf: new scf.v20180416.Client({ credential, region: settings.region, profile: { httpProfile: httpProfile('scf') } }),
    cdn: new cdn.v20180606.Client({ credential, region: '', profile: { httpProfile: httpProfile('cdn') } }),
    cos,
    close: () => agent.destroy(),
  };
}
