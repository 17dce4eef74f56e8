import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The two signature schemes the deploy's calls carry, checked as the services check them:
 * TC3-HMAC-SHA256 for the cloud APIs (doc 213/30654) and COS's q-sign-algorithm=sha1 (doc 436/7778).
 */

export interface TestKey {
  secretId: string;
  secretKey: string;
}

export class SignatureError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac256 = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

function safeEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** A header's value as signed: trimmed, lower case; the Host without the stand-in's port. */
function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const raw = headers[name];
  const value = (Array.isArray(raw) ? raw.join(',') : raw ?? '').trim().toLowerCase();
  return name === 'host' ? value.replace(/:\d+$/, '') : value;
}

/** Returns the service named in the credential scope; throws SignatureError as the API would answer. */
export function verifyTc3(key: TestKey, headers: IncomingHttpHeaders, body: Buffer, path: string, nowSeconds: number): string {
  const auth = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(String(headers.authorization ?? ''));
  if (!auth) throw new SignatureError('AuthFailure.InvalidAuthorization', 'Authorization is not a TC3-HMAC-SHA256 signature');
  const [, secretId, date, service, signedHeaders, signature] = auth as unknown as [string, string, string, string, string, string];
  if (secretId !== key.secretId) throw new SignatureError('AuthFailure.SecretIdNotFound', `unknown SecretId ${secretId}`);
  const timestamp = Number(headers['x-tc-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > 300) throw new SignatureError('AuthFailure.SignatureExpire', 'X-TC-Timestamp is more than 5 minutes away');
  if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) throw new SignatureError('AuthFailure.SignatureFailure', 'credential date is not the timestamp\'s UTC date');
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('content-type')) throw new SignatureError('AuthFailure.SignatureFailure', 'SignedHeaders must include content-type and host');
  if (headerValue(headers, 'host').split('.')[0] !== service) throw new SignatureError('AuthFailure.SignatureFailure', `credential scope names ${service}, the host is ${headerValue(headers, 'host')}`);
  const canonicalHeaders = names.map((name) => `${name}:${headerValue(headers, name)}\n`).join('');
  const canonicalRequest = ['POST', path, '', canonicalHeaders, signedHeaders, sha256(body)].join('\n');
  const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/${service}/tc3_request`, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac256(hmac256(hmac256(`TC3${key.secretKey}`, date), service), 'tc3_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  if (!safeEqual(expected, signature)) throw new SignatureError('AuthFailure.SignatureFailure', 'the request signature does not match');
  return service;
}

/** encodeURIComponent plus the characters COS also escapes. */
function cosEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function pairs(names: string[], valueOf: (name: string) => string): string {
  return [...names].sort().map((name) => `${cosEncode(name).toLowerCase()}=${cosEncode(valueOf(name))}`).join('&');
}

/** COS request signature: `pathname` is the decoded path (`/<key>`), `query` the request's parameters. */
export function verifyCos(key: TestKey, method: string, pathname: string, query: URLSearchParams, headers: IncomingHttpHeaders, nowSeconds: number): void {
  const fields = new Map(String(headers.authorization ?? '').split('&').map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)] as const));
  if (fields.get('q-sign-algorithm') !== 'sha1') throw new SignatureError('AccessDenied', 'q-sign-algorithm must be sha1');
  if (fields.get('q-ak') !== key.secretId) throw new SignatureError('InvalidAccessKeyId', 'unknown q-ak');
  const signTime = fields.get('q-sign-time') ?? '';
  const [start, end] = signTime.split(';').map(Number) as [number, number];
  if (!(start <= nowSeconds + 60 && nowSeconds <= end)) throw new SignatureError('AccessDenied', 'Request has expired');
  const headerNames = (fields.get('q-header-list') ?? '').split(';').filter(Boolean);
  if (!headerNames.includes('host')) throw new SignatureError('AccessDenied', 'the signature must cover Host');
  const paramNames = (fields.get('q-url-param-list') ?? '').split(';').filter(Boolean);
  const formatString = [method.toLowerCase(), pathname, pairs(paramNames, (n) => query.get(n) ?? ''), pairs(headerNames, (n) => String(headers[n] ?? '').replace(/:\d+$/, n === 'host' ? '' : '$&')), ''].join('\n');
  const signKey = createHmac('sha1', key.secretKey).update(fields.get('q-key-time') ?? '').digest('hex');
  const stringToSign = ['sha1', signTime, createHash('sha1').update(formatString).digest('hex'), ''].join('\n');
  const expected = createHmac('sha1', signKey).update(stringToSign).digest('hex');
  if (!safeEqual(expected, fields.get('q-signature') ?? '')) throw new SignatureError('SignatureDoesNotMatch', 'The calculated signature does not match');
}
