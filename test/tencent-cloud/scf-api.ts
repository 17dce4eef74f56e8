import { zipEntries } from './zip-entries';

/**
 * SCF API 2018-04-16 as far as the deploy uses it, with the checks the service makes (docs 583/18586
 * CreateFunction, 583/37509 UpdateFunctionCode, 583/37357 PublishVersion, 583/36149 aliases,
 * 583/100227 Function URL): asynchronous Creating/Updating states, web-function packages, reserved
 * environment names, one Function URL per alias or version.
 */

export class ApiError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

type Params = Record<string, unknown>;

interface Snapshot {
  description: string;
  memorySize: number;
  timeout: number;
  environment: Record<string, string>;
  code: { bucket: string; key: string };
}

export interface FunctionState extends Snapshot {
  name: string;
  namespace: string;
  type: string;
  runtime: string;
  status: string;
  /** GetFunction calls left before a Creating/Updating function turns Active. */
  settling: number;
  versions: Array<Snapshot & { version: string; status: string }>;
  aliases: Map<string, { version: string; description: string }>;
  triggers: Array<{ type: string; name: string; qualifier: string; desc: string }>;
}

export interface ScfDeps {
  appId: string;
  /** The bytes of a COS object, or null. */
  readObject(bucket: string, region: string, key: string): Buffer | null;
}

const RUNTIMES = new Set(['Nodejs20.19', 'Nodejs20.18', 'Nodejs20.15', 'Nodejs18.15', 'Nodejs22.20']);
const RESERVED = /^(SCF_|QCLOUD_|TENCENTCLOUD_)/;

const str = (p: Params, name: string): string => {
  const v = p[name];
  if (typeof v !== 'string' || v === '') throw new ApiError('MissingParameter', `${name} is required`);
  return v;
};

export class ScfApi {
  readonly functions = new Map<string, FunctionState>();
  private urlCount = 0;

  constructor(private readonly deps: ScfDeps, private readonly region: string) {}

  private fn(p: Params): FunctionState {
    const fn = this.functions.get(`${(p.Namespace as string | undefined) ?? 'default'}/${str(p, 'FunctionName')}`);
    if (!fn) throw new ApiError('ResourceNotFound.Function', `function ${String(p.FunctionName)} does not exist`);
    return fn;
  }

  private requireActive(fn: FunctionState, action: string): void {
    if (fn.status !== 'Active') throw new ApiError(`FailedOperation.${action}`, `function ${fn.name} is ${fn.status}; retry when it is Active`);
  }

  private code(p: Params, type: string): { bucket: string; key: string } {
    const c = (p.Code ?? p) as Params;
    const name = str(c, 'CosBucketName');
    if (/-\d+$/.test(name)) throw new ApiError('InvalidParameterValue.CosBucketName', 'CosBucketName is the bucket name without -APPID');
    const bucket = `${name}-${this.deps.appId}`;
    const key = str(c, 'CosObjectName').replace(/^\/+/, '');
    const zip = this.deps.readObject(bucket, (c.CosBucketRegion as string | undefined) ?? this.region, key);
    if (!zip) throw new ApiError('InvalidParameterValue.CosObjectName', `cos://${bucket}/${key} does not exist`);
    let entries: Map<string, number>;
    try {
      entries = zipEntries(zip);
    } catch (error) {
      throw new ApiError('InvalidParameterValue.Code', `the code package is not a zip: ${String(error)}`);
    }
    // Web functions start scf_bootstrap from the package's top folder; it must be executable.
    const bootstrap = entries.get('scf_bootstrap');
    if (type === 'HTTP' && (bootstrap === undefined || (bootstrap & 0o111) === 0)) throw new ApiError('InvalidParameterValue.Code', 'a web function needs an executable scf_bootstrap at the top of its package');
    return { bucket, key };
  }

  private settings(p: Params, into: Partial<Snapshot>): void {
    if (p.MemorySize !== undefined) {
      const m = Number(p.MemorySize);
      if (!(m === 64 || (m >= 128 && m <= 3072 && m % 128 === 0))) throw new ApiError('InvalidParameterValue.MemorySize', `MemorySize ${m} is not 64 or a multiple of 128 up to 3072`);
      into.memorySize = m;
    }
    if (p.Timeout !== undefined) {
      const t = Number(p.Timeout);
      if (!Number.isInteger(t) || t < 1 || t > 900) throw new ApiError('InvalidParameterValue.Timeout', 'Timeout must be 1-900');
      into.timeout = t;
    }
    if (p.Environment !== undefined) {
      const vars = ((p.Environment as Params).Variables ?? []) as Array<{ Key: string; Value: string }>;
      const env: Record<string, string> = {};
      for (const { Key, Value } of vars) {
        if (RESERVED.test(Key) || !/^[A-Za-z][A-Za-z0-9_]*$/.test(Key)) throw new ApiError('InvalidParameterValue.Environment', `environment variable ${Key} is reserved or malformed`);
        env[Key] = Value;
      }
      if (vars.reduce((n, v) => n + v.Key.length + Buffer.byteLength(v.Value), 0) > 4096) throw new ApiError('InvalidParameterValue.Environment', 'environment variables exceed 4 KB');
      into.environment = env;
    }
    if (typeof p.Description === 'string') into.description = p.Description;
  }

  call(action: string, p: Params): Params {
    switch (action) {
      case 'CreateFunction': {
        const name = str(p, 'FunctionName');
        if (!/^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/.test(name)) throw new ApiError('InvalidParameterValue.FunctionName', `bad function name ${name}`);
        const namespace = (p.Namespace as string | undefined) ?? 'default';
        if (this.functions.has(`${namespace}/${name}`)) throw new ApiError('ResourceInUse.Function', `function ${name} exists`);
        const runtime = str(p, 'Runtime');
        if (!RUNTIMES.has(runtime)) throw new ApiError('InvalidParameterValue.Runtime', `unknown runtime ${runtime}`);
        const type = (p.Type as string | undefined) ?? 'Event';
        const base: Snapshot = { description: '', memorySize: 128, timeout: 3, environment: {}, code: this.code(p, type) };
        this.settings(p, base);
        this.functions.set(`${namespace}/${name}`, { ...base, name, namespace, type, runtime, status: 'Creating', settling: 1, versions: [], aliases: new Map(), triggers: [] });
        return {};
      }
      case 'GetFunction': {
        const fn = this.fn(p);
        const qualifier = p.Qualifier as string | undefined;
        const snapshot = qualifier && qualifier !== '$LATEST' ? fn.versions.find((v) => v.version === qualifier) : fn;
        if (!snapshot) throw new ApiError('ResourceNotFound.Version', `version ${qualifier} does not exist`);
        if (snapshot === fn && fn.settling-- <= 0 && fn.status !== 'Active') fn.status = 'Active';
        const status = snapshot === fn ? fn.status : (snapshot as { status: string }).status;
        return {
          FunctionName: fn.name, Namespace: fn.namespace, Type: fn.type, Runtime: fn.runtime, Status: status, StatusDesc: '',
          Description: snapshot.description, MemorySize: snapshot.memorySize, Timeout: snapshot.timeout,
          Environment: { Variables: Object.entries(snapshot.environment).map(([Key, Value]) => ({ Key, Value })) },
          Qualifier: qualifier ?? '$LATEST',
        };
      }
      case 'UpdateFunctionCode': {
        const fn = this.fn(p);
        this.requireActive(fn, 'UpdateFunctionCode');
        fn.code = this.code(p, fn.type);
        fn.status = 'Updating';
        fn.settling = 1;
        return {};
      }
      case 'UpdateFunctionConfiguration': {
        const fn = this.fn(p);
        this.requireActive(fn, 'UpdateFunctionConfiguration');
        this.settings(p, fn);
        fn.status = 'Updating';
        fn.settling = 1;
        return {};
      }
      case 'PublishVersion': {
        const fn = this.fn(p);
        this.requireActive(fn, 'PublishVersion');
        const version = String(fn.versions.length + 1);
        const { description, memorySize, timeout, environment, code } = fn;
        fn.versions.push({ version, status: 'Active', description: typeof p.Description === 'string' ? p.Description : description, memorySize, timeout, environment: { ...environment }, code: { ...code } });
        return { FunctionVersion: version, Description: p.Description ?? '', MemorySize: memorySize, Timeout: timeout, Runtime: fn.runtime, Namespace: fn.namespace };
      }
      case 'ListVersionByFunction': {
        const fn = this.fn(p);
        const versions = [{ Version: '$LATEST', Description: fn.description, Status: fn.status }, ...fn.versions.map((v) => ({ Version: v.version, Description: v.description, Status: v.status }))];
        if (p.Order === 'DESC') versions.reverse();
        return { FunctionVersion: versions.map((v) => v.Version), Versions: versions, TotalCount: versions.length };
      }
      case 'GetAlias': {
        const fn = this.fn(p);
        const alias = fn.aliases.get(str(p, 'Name'));
        if (!alias) throw new ApiError('ResourceNotFound.Alias', `alias ${String(p.Name)} does not exist`);
        return { Name: p.Name, FunctionVersion: alias.version, Description: alias.description, RoutingConfig: { AdditionalVersionWeights: [] } };
      }
      case 'CreateAlias':
      case 'UpdateAlias': {
        const fn = this.fn(p);
        const name = str(p, 'Name');
        const version = str(p, 'FunctionVersion');
        if (!fn.versions.some((v) => v.version === version)) throw new ApiError('ResourceNotFound.Version', `version ${version} does not exist`);
        if (action === 'CreateAlias' && fn.aliases.has(name)) throw new ApiError('ResourceInUse.Alias', `alias ${name} exists`);
        if (action === 'UpdateAlias' && !fn.aliases.has(name)) throw new ApiError('ResourceNotFound.Alias', `alias ${name} does not exist`);
        fn.aliases.set(name, { version, description: (p.Description as string | undefined) ?? '' });
        return {};
      }
      case 'ListTriggers': {
        const fn = this.fn(p);
        const filters = ((p.Filters ?? []) as Array<{ Name: string; Values: string[] }>);
        const wanted = (name: string): string[] | undefined => filters.find((f) => f.Name === name)?.Values;
        const triggers = fn.triggers.filter((t) => (wanted('Type')?.includes(t.type) ?? true) && (wanted('Qualifier')?.includes(t.qualifier) ?? true));
        return { Triggers: triggers.map((t) => ({ Type: t.type, TriggerName: t.name, Qualifier: t.qualifier, TriggerDesc: t.desc, Enable: 1, AvailableStatus: 'Available' })), TotalCount: triggers.length };
      }
      case 'CreateTrigger': {
        const fn = this.fn(p);
        const type = str(p, 'Type');
        if (type !== 'http') throw new ApiError('UnsupportedOperation', `the stand-in knows only http triggers (Function URLs), not ${type}`);
        const qualifier = (p.Qualifier as string | undefined) ?? '$LATEST';
        if (qualifier !== '$LATEST' && !fn.aliases.has(qualifier) && !fn.versions.some((v) => v.version === qualifier)) throw new ApiError('ResourceNotFound.Qualifier', `no alias or version ${qualifier}`);
        if (fn.triggers.some((t) => t.type === 'http' && t.qualifier === qualifier)) throw new ApiError('ResourceInUse.Trigger', `${qualifier} already has a Function URL`);
        const desc = JSON.parse(str(p, 'TriggerDesc')) as { AuthType?: string; NetConfig?: { EnableIntranet?: unknown; EnableExtranet?: unknown } };
        if (!['NONE', 'CAM'].includes(desc.AuthType ?? '') || typeof desc.NetConfig?.EnableExtranet !== 'boolean' || typeof desc.NetConfig.EnableIntranet !== 'boolean') {
          throw new ApiError('InvalidParameterValue.TriggerDesc', 'TriggerDesc needs AuthType NONE|CAM and NetConfig booleans');
        }
        this.urlCount += 1;
        const url = `https://${this.deps.appId}-${(1000 + this.urlCount).toString(36)}url.${this.region}.tencentscf.com`;
        const trigger = { type, name: str(p, 'TriggerName'), qualifier, desc: JSON.stringify({ ...desc, Url: { ExtranetUrl: desc.NetConfig.EnableExtranet ? url : '' } }) };
        fn.triggers.push(trigger);
        return { TriggerInfo: { Type: type, TriggerName: trigger.name, Qualifier: qualifier, TriggerDesc: trigger.desc, Enable: 1 } };
      }
      default:
        throw new ApiError('InvalidAction', `the stand-in does not answer ${action}`);
    }
  }
}
