import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CdnApi } from './cdn-api';
import { ApiError, ScfApi } from './scf-api';
import { SignatureError, verifyCos, verifyTc3, type TestKey } from './signatures';

/**
 * A local stand-in for the Tencent Cloud endpoints the deploy calls: scf and cdn.tencentcloudapi.com
 * (JSON over POST, TC3-HMAC-SHA256) and COS buckets (XML API, q-sign-algorithm=sha1). The deploy's
 * SDKs keep the real host names (DEPLOY_API_STAND_IN pins them to this address), so every call is
 * checked as the service would check it; each is recorded, and state is kept between deploys.
 */

export const TEST_KEY: TestKey = { secretId: 'AKIDstandin0000000000000000000000', secretKey: 'stand-in-secret-key-0000000000000' };
export const TEST_APPID = '1250000000';

export interface RecordedCall {
  service: 'scf' | 'cdn' | 'cos';
  action: string;
  params: Record<string, unknown>;
  /** The error code answered, if any. */
  error: string | null;
}

export interface StoredObject {
  body: Buffer;
  contentType: string;
  cacheControl: string;
  etag: string;
}

const VERSIONS: Record<string, string> = { scf: '2018-04-16', cdn: '2018-06-06' };

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const xmlEscape = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export class TencentCloudStandIn {
  readonly calls: RecordedCall[] = [];
  readonly buckets = new Map<string, Map<string, StoredObject>>();
  readonly scf: ScfApi;
  readonly cdn: CdnApi;
  origin = '';
  private readonly server = createServer((req, res) => void this.handle(req, res));

  constructor(readonly region = 'ap-guangzhou', private readonly key: TestKey = TEST_KEY) {
    this.scf = new ScfApi({ appId: TEST_APPID, readObject: (bucket, r, k) => (r === this.region ? this.buckets.get(bucket)?.get(k)?.body ?? null : null) }, region);
    this.cdn = new CdnApi((host) => {
      const m = /^([a-z0-9-]+-\d+)\.cos\.([a-z0-9-]+)\.myqcloud\.com$/.exec(host);
      return m !== null && m[2] === this.region && this.buckets.has(m[1] as string);
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The recorded calls as `service:Action` (failed ones marked), for sequence assertions. */
  actions(from = 0): string[] {
    return this.calls.slice(from).map((c) => `${c.service}:${c.action}${c.error ? `!${c.error}` : ''}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    // COS requests arrive as to an HTTP proxy (absolute URL); the cloud APIs with their Host header.
    const url = new URL(req.url?.startsWith('http://') ? req.url : `http://${req.headers.host ?? 'unknown'}${req.url ?? '/'}`);
    const host = url.hostname;
    const api = /^(scf|cdn)\.tencentcloudapi\.com$/.exec(host);
    if (api && req.method === 'POST') return this.cloudApi(api[1] as 'scf' | 'cdn', req, res, body, url.pathname);
    const bucket = /^([a-z0-9-]+-\d+)\.cos\.([a-z0-9-]+)\.myqcloud\.com$/.exec(host);
    if (bucket) return this.cos(bucket[1] as string, bucket[2] as string, req, res, body, url);
    res.writeHead(404).end(`the stand-in does not serve ${host}`);
  }

  private cloudApi(service: 'scf' | 'cdn', req: IncomingMessage, res: ServerResponse, body: Buffer, path: string): void {
    const action = String(req.headers['x-tc-action'] ?? '');
    let params: Record<string, unknown> = {};
    const answer = (response: Record<string, unknown>): void => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Response: { ...response, RequestId: randomUUID() } }));
    };
    const fail = (code: string, message: string): void => {
      this.calls.push({ service, action, params, error: code });
      answer({ Error: { Code: code, Message: message } });
    };
    try {
      verifyTc3(this.key, req.headers, body, path, Math.floor(Date.now() / 1000));
    } catch (error) {
      if (error instanceof SignatureError) return fail(error.code, error.message);
      throw error;
    }
    if (req.headers['x-tc-version'] !== VERSIONS[service]) return fail('InvalidParameter', `X-TC-Version must be ${VERSIONS[service]}`);
    if (service === 'scf' && req.headers['x-tc-region'] !== this.region) return fail('InvalidParameterValue.Region', `the stand-in serves ${this.region}`);
    try {
      params = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return fail('InvalidParameter', 'the body is not JSON');
    }
    try {
      const result = service === 'scf' ? this.scf.call(action, params) : this.cdn.call(action, params);
      this.calls.push({ service, action, params, error: null });
      answer(result);
    } catch (error) {
      if (error instanceof ApiError) return fail(error.code, error.message);
      throw error;
    }
  }

  private cos(bucketName: string, region: string, req: IncomingMessage, res: ServerResponse, body: Buffer, url: URL): void {
    const method = req.method ?? 'GET';
    const key = decodeURIComponent(url.pathname).replace(/^\//, '');
    const action = key === '' ? { HEAD: 'HeadBucket', PUT: 'PutBucket', GET: 'GetBucket' }[method] ?? method : { PUT: 'PutObject', GET: 'GetObject', HEAD: 'HeadObject' }[method] ?? method;
    const params: Record<string, unknown> = { Bucket: bucketName, Region: region, ...(key ? { Key: key } : {}) };
    const xmlError = (status: number, code: string, message: string): void => {
      this.calls.push({ service: 'cos', action, params, error: code });
      res.writeHead(status, { 'Content-Type': 'application/xml' }).end(method === 'HEAD' ? undefined : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`);
    };
    try {
      verifyCos(this.key, method, `/${key}`, url.searchParams, req.headers, Math.floor(Date.now() / 1000));
    } catch (error) {
      if (error instanceof SignatureError) return xmlError(403, error.code, error.message);
      throw error;
    }
    if (region !== this.region) return xmlError(404, 'NoSuchBucket', `no bucket in ${region}`);
    const bucket = this.buckets.get(bucketName);
    if (action === 'PutBucket') {
      if (bucket) return xmlError(409, 'BucketAlreadyExists', 'bucket exists');
      this.buckets.set(bucketName, new Map());
      this.calls.push({ service: 'cos', action, params, error: null });
      return void res.writeHead(200).end();
    }
    if (!bucket) return xmlError(404, 'NoSuchBucket', `bucket ${bucketName} does not exist`);
    if (action === 'HeadBucket') {
      this.calls.push({ service: 'cos', action, params, error: null });
      return void res.writeHead(200).end();
    }
    if (action === 'GetBucket') return this.listObjects(bucket, url, res, params);
    if (action === 'PutObject') {
      const etag = createHash('md5').update(body).digest('hex');
      const md5 = req.headers['content-md5'];
      if (md5 !== undefined && Buffer.from(etag, 'hex').toString('base64') !== md5) return xmlError(400, 'BadDigest', 'Content-MD5 does not match the body');
      if (Number(req.headers['content-length']) !== body.length) return xmlError(400, 'IncompleteBody', 'body shorter than Content-Length');
      bucket.set(key, { body, etag, contentType: String(req.headers['content-type'] ?? 'application/octet-stream'), cacheControl: String(req.headers['cache-control'] ?? '') });
      this.calls.push({ service: 'cos', action, params: { ...params, ContentType: req.headers['content-type'], CacheControl: req.headers['cache-control'], Size: body.length }, error: null });
      return void res.writeHead(200, { ETag: `"${etag}"` }).end();
    }
    const object = bucket.get(key);
    if (!object) return xmlError(404, 'NoSuchKey', `${key} does not exist`);
    this.calls.push({ service: 'cos', action, params, error: null });
    res.writeHead(200, { 'Content-Type': object.contentType, 'Cache-Control': object.cacheControl, ETag: `"${object.etag}"`, 'Content-Length': object.body.length });
    res.end(method === 'HEAD' ? undefined : object.body);
  }

  private listObjects(bucket: Map<string, StoredObject>, url: URL, res: ServerResponse, params: Record<string, unknown>): void {
    const prefix = url.searchParams.get('prefix') ?? '';
    const marker = url.searchParams.get('marker') ?? '';
    const max = Math.min(Number(url.searchParams.get('max-keys') ?? 1000) || 1000, 1000);
    const keys = [...bucket.keys()].filter((k) => k.startsWith(prefix) && k > marker).sort();
    const page = keys.slice(0, max);
    const truncated = keys.length > max;
    this.calls.push({ service: 'cos', action: 'GetBucket', params: { ...params, Marker: marker }, error: null });
    const contents = page.map((k) => {
      const o = bucket.get(k) as StoredObject;
      return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>2026-12-01T00:00:00.000Z</LastModified><ETag>"${o.etag}"</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    }).join('');
    res.writeHead(200, { 'Content-Type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${xmlEscape(String(params.Bucket))}</Name><Prefix>${xmlEscape(prefix)}</Prefix><Marker>${xmlEscape(marker)}</Marker><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextMarker>${xmlEscape(page[page.length - 1] ?? '')}</NextMarker>` : ''}${contents}</ListBucketResult>`);
  }
}
