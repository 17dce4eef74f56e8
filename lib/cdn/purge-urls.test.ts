import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeCdnApi, type CdnApiCall, type FakeCdnApi } from '../../test/fake-cdn-api';
import { NoopUrlPurger, parseEndpoint, PURGE_BATCH_SIZE, TencentCdnPurger, type TencentPurgerOptions } from './purge-urls';

const SECRET_ID = 'AKIDtest0000000000000000000000000000';
const SECRET_KEY = 'test-secret-key-00000000000000000000';
const urls = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `https://notes.example.com/s/${String(from + i).padStart(22, '0')}`);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();

/**
 * Recomputes the TC3-HMAC-SHA256 signature the way the Tencent Cloud API does
 * (https://cloud.tencent.com/document/api/228/30977) from what the server received.
 */
function expectedAuthorization(call: CdnApiCall, secretKey: string): string {
  const timestamp = Number(call.headers['x-tc-timestamp']);
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const hostname = (call.headers.host ?? '').replace(/:\d+$/, '');
  // The SDK signs the endpoint's first label as the service: `cdn` in production, `127` here.
  const service = hostname.split('.')[0] as string;
  const canonical = ['POST', '/', '', `content-type:${call.headers['content-type'] as string}`, `host:${hostname}`, '', 'content-type;host', sha256(call.body)].join('\n');
  const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/${service}/tc3_request`, sha256(canonical)].join('\n');
  const signing = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  const signature = createHmac('sha256', signing).update(stringToSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${SECRET_ID}/${date}/${service}/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`;
}

describe('TencentCdnPurger against a local stand-in for the CDN API', () => {
  let api: FakeCdnApi;
  const sleeps: number[] = [];
  const purger = (options: Partial<TencentPurgerOptions> = {}) => new TencentCdnPurger({
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    endpoint: api.endpoint,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...options,
  });

  beforeAll(async () => {
    // The stand-in checks what the real API checks: signature by this key, action, version, timestamp, URLs on a configured domain.
    api = await startFakeCdnApi({ credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY }, domains: ['notes.example.com'] });
  });
  afterAll(() => api.close());
  beforeEach(() => {
    api.calls.length = 0;
    api.replies.length = 0;
    sleeps.length = 0;
  });

  it('sends a TC3-HMAC-SHA256 signed PurgeUrlsCache call that verifies with the known secret', async () => {
    const before = Math.floor(Date.now() / 1000);
    const outcome = await purger().purge(urls(3));
    expect(outcome).toEqual({ ok: true, skipped: false, urls: 3, batches: 1, taskIds: ['task-1'], failedUrls: 0, retryable: false, errors: [] });
    const [call] = api.calls as [CdnApiCall];
    expect(call.headers['x-tc-action']).toBe('PurgeUrlsCache');
    expect(call.headers['x-tc-version']).toBe('2018-06-06');
    expect(Number(call.headers['x-tc-timestamp'])).toBeGreaterThanOrEqual(before);
    expect(Number(call.headers['x-tc-timestamp'])).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.headers.authorization).toMatch(/^TC3-HMAC-SHA256 Credential=AKID\w+\/\d{4}-\d{2}-\d{2}\/\w+\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/);
    expect(call.headers.authorization).toBe(expectedAuthorization(call, SECRET_KEY));
    expect(call.headers.authorization).not.toBe(expectedAuthorization(call, `${SECRET_KEY}x`));
    expect(JSON.parse(call.body)).toEqual({ Urls: urls(3) });
  });

  it('splits 2,500 URLs into calls of 1,000, 1,000 and 500, each signed', async () => {
    const outcome = await purger().purge(urls(2500));
    expect(outcome).toMatchObject({ ok: true, urls: 2500, batches: 3, failedUrls: 0 });
    expect(outcome.taskIds).toHaveLength(3);
    expect(api.calls.map((c) => c.urls.length).sort((a, b) => b - a)).toEqual([PURGE_BATCH_SIZE, PURGE_BATCH_SIZE, 500]);
    expect(new Set(api.calls.flatMap((c) => c.urls)).size).toBe(2500);
    for (const call of api.calls) expect(call.headers.authorization).toBe(expectedAuthorization(call, SECRET_KEY));
  });

  it('de-duplicates before batching (1,001 entries, 1,000 distinct: one call)', async () => {
    const outcome = await purger().purge([...urls(1000), ...urls(1)]);
    expect(outcome).toMatchObject({ ok: true, urls: 1000, batches: 1 });
    expect(api.calls).toHaveLength(1);
  });

  it.each([
    ['signed with another key', { secretKey: `${SECRET_KEY}x` }, [], 'AuthFailure.SignatureFailure'],
    ['another secret id', { secretId: 'AKIDother' }, [], 'AuthFailure.SecretIdNotFound'],
    ['a URL on a domain the CDN does not serve', {}, ['https://evil.example.net/s/x'], 'ResourceNotFound.CdnHostNotExists'],
  ])('is refused by the API when %s, and does not retry', async (_, override, extra, code) => {
    const outcome = await purger(override).purge([...urls(1), ...extra]);
    expect(outcome).toMatchObject({ ok: false, retryable: false, errors: [code] });
    expect(api.calls).toHaveLength(1);
  });

  it('sends nothing for no URLs', async () => {
    expect(await purger().purge([])).toMatchObject({ ok: true, urls: 0, batches: 0 });
    expect(api.calls).toHaveLength(0);
  });

  const retried: Array<{ name: string; first: FakeCdnApi['replies'][number] }> = [
    { name: 'a 502 from the gateway', first: { status: 502 } },
    { name: 'a dropped connection', first: 'reset' },
    { name: 'an API InternalError', first: { error: 'InternalError' } },
    { name: 'API throttling', first: { error: 'RequestLimitExceeded' } },
  ];

  it.each(retried)('retries once, after a jittered pause, on $name', async ({ first }) => {
    api.replies.push(first);
    const outcome = await purger().purge(urls(2));
    expect(outcome).toMatchObject({ ok: true, taskIds: ['task-2'] });
    expect(api.calls).toHaveLength(2);
    expect(sleeps).toEqual([150]);
  });

  it('gives up after the retry and reports the failure as retryable', async () => {
    api.replies.push({ status: 503 }, { status: 503 });
    expect(await purger().purge(urls(2))).toEqual({ ok: false, skipped: false, urls: 2, batches: 1, taskIds: [], failedUrls: 2, retryable: true, errors: ['HTTP 503'] });
    expect(api.calls).toHaveLength(2);
  });

  it('times out a call that never answers, and its retry', async () => {
    api.replies.push('hang', 'hang');
    const started = performance.now();
    const outcome = await purger({ attemptTimeoutMs: 100 }).purge(urls(1));
    expect(outcome).toMatchObject({ ok: false, retryable: true, failedUrls: 1 });
    expect(api.calls).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  const refused = ['InvalidParameter.CdnUrlNotFound', 'AuthFailure.SignatureFailure', 'LimitExceeded.CdnPurgeUrlExceedDayLimit', 'UnauthorizedOperation.CdnCamUnauthorized'];

  it.each(refused)('does not retry %s and reports it as not retryable', async (code) => {
    api.replies.push({ error: code });
    expect(await purger().purge(urls(2))).toMatchObject({ ok: false, retryable: false, failedUrls: 2, errors: [code] });
    expect(api.calls).toHaveLength(1);
  });

  it('counts only the failed batch when one of several fails', async () => {
    api.replies.push({ error: 'InvalidParameter' });
    const outcome = await purger().purge(urls(1500));
    expect(outcome).toMatchObject({ ok: false, batches: 2, retryable: false });
    expect(outcome.taskIds).toHaveLength(1);
    expect([1000, 500]).toContain(outcome.failedUrls);
  });
});

describe('parseEndpoint', () => {
  it.each([
    ['cdn.tencentcloudapi.com', { protocol: 'https://', host: 'cdn.tencentcloudapi.com' }],
    ['https://cdn.tencentcloudapi.com/', { protocol: 'https://', host: 'cdn.tencentcloudapi.com' }],
    ['http://127.0.0.1:9000', { protocol: 'http://', host: '127.0.0.1:9000' }],
    ['HTTP://localhost:80', { protocol: 'http://', host: 'localhost' }],
  ])('%s', (endpoint, expected) => {
    expect(parseEndpoint(endpoint)).toEqual(expected);
  });

  it('refuses an endpoint with a path (the SDK always posts to /)', () => {
    expect(() => parseEndpoint('https://cdn.tencentcloudapi.com/v2')).toThrow(/without a path/);
  });
});

describe('NoopUrlPurger', () => {
  it('reports a skip, counting distinct URLs, and sends nothing', async () => {
    expect(await new NoopUrlPurger().purge(['a', 'a', 'b'])).toEqual({ ok: true, skipped: true, urls: 2, batches: 0, taskIds: [], failedUrls: 0, retryable: false, errors: [] });
  });
});
