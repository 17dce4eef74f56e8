import type COS from 'cos-nodejs-sdk-v5';

/** COS calls of the deploy (cos-nodejs-sdk-v5: XML API, q-sign-algorithm=sha1 signatures). */

function statusOf(error: unknown): number | null {
  const e = error as { statusCode?: unknown } | null;
  return typeof e?.statusCode === 'number' ? e.statusCode : null;
}

/** Creates the bucket when missing: private (the CDN reads it with back-to-origin authorisation). */
export async function ensureBucket(cos: COS, bucket: string, region: string): Promise<boolean> {
  try {
    await cos.headBucket({ Bucket: bucket, Region: region });
    return false;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  await cos.putBucket({ Bucket: bucket, Region: region, ACL: 'private' });
  return true;
}

/** Every object's key and ETag (without quotes): a simple upload's ETag is the MD5 of its bytes. */
export async function listObjectEtags(cos: COS, bucket: string, region: string): Promise<Map<string, string>> {
  const etags = new Map<string, string>();
  let marker = '';
  for (;;) {
    const page = await cos.getBucket({ Bucket: bucket, Region: region, Marker: marker, MaxKeys: 1000 });
    for (const object of page.Contents) etags.set(object.Key, object.ETag.replace(/"/g, ''));
    if (page.IsTruncated !== 'true' || page.Contents.length === 0) return etags;
    marker = page.NextMarker ?? page.Contents[page.Contents.length - 1]?.Key ?? '';
  }
}

export interface PutObjectInput {
  bucket: string;
  region: string;
  key: string;
  body: Buffer;
  contentType: string;
  cacheControl: string;
  /** Hex MD5; sent as Content-MD5, so COS rejects a body damaged on the way. */
  md5?: string;
}

export async function putObject(cos: COS, input: PutObjectInput): Promise<void> {
  const md5 = input.md5 ?? (await import('node:crypto')).createHash('md5').update(input.body).digest('hex');
  await cos.putObject({
    Bucket: input.bucket,
    Region: input.region,
    Key: input.key,
    Body: input.body,
    ContentType: input.contentType,
    CacheControl: input.cacheControl,
    ContentLength: input.body.length,
    Headers: { 'Content-MD5': Buffer.from(md5, 'hex').toString('base64') },
  });
}
