import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './fault-proxy';

/**
 * A caching proxy standing in for the CDN: Debian's varnishd in front of `origin`, caching by URL
 * and honouring Cache-Control (s-maxage; private and no-store are never stored), and, like a CDN
 * without a user-agent rule, ignoring `Vary`, except that it keeps the content codings apart as
 * CDNs do: Accept-Encoding is normalised to br, gzip or none, passed to the origin and part of
 * the cache key. `X-Cache: HIT` marks answers from its cache.
 */
export interface VarnishCdn {
  url: string;
  stop: () => Promise<void>;
}

/**
 * One cache variant per coding the origin serves; a coding with q=0 counts as not accepted.
 * (varnishd runs with http_gzip_support off, so the normalised header goes to the origin as is.)
 */
export const ENCODING_VCL = `sub normalize_encoding {
  if (req.http.Accept-Encoding ~ "(?i)(^|,)\\s*br\\s*(,|$|;\\s*q\\s*=\\s*(1|0\\.0*[1-9]))") { set req.http.Accept-Encoding = "br"; }
  elsif (req.http.Accept-Encoding ~ "(?i)(^|,)\\s*(x-)?gzip\\s*(,|$|;\\s*q\\s*=\\s*(1|0\\.0*[1-9]))") { set req.http.Accept-Encoding = "gzip"; }
  else { unset req.http.Accept-Encoding; }
}`;

const vcl = (host: string, port: string): string => `vcl 4.1;
backend origin { .host = "${host}"; .port = "${port}"; }
${ENCODING_VCL}
sub vcl_recv { unset req.http.Cookie; call normalize_encoding; }
sub vcl_hash { hash_data(req.http.Accept-Encoding); }
sub vcl_backend_response { unset beresp.http.Vary; }
sub vcl_deliver { if (obj.hits > 0) { set resp.http.X-Cache = "HIT"; } else { set resp.http.X-Cache = "MISS"; } }
`;

/** Debian installs it in /usr/sbin, which a non-root PATH may lack. */
const VARNISHD = existsSync('/usr/sbin/varnishd') ? '/usr/sbin/varnishd' : 'varnishd';

export async function startVarnishCdn(origin: string): Promise<VarnishCdn> {
  const dir = mkdtempSync(join(tmpdir(), 'varnish-cdn-'));
  const { hostname, port } = new URL(origin);
  writeFileSync(join(dir, 'cdn.vcl'), vcl(hostname, port));
  const listen = await freePort();
  const child: ChildProcess = spawn(VARNISHD, ['-F', '-j', 'none', '-n', join(dir, 'work'), '-a', `127.0.0.1:${listen}`, '-f', join(dir, 'cdn.vcl'), '-s', 'malloc,32m', '-p', 'http_gzip_support=off'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${listen}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`varnishd exited:\n${output}`);
    try {
      await fetch(`${url}/robots.txt`);
      break;
    } catch {
      if (Date.now() - started > 20_000) throw new Error(`varnishd did not answer:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    stop: () => new Promise<void>((resolve) => {
      const done = (): void => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    }),
  };
}
