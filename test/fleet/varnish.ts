import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../fault-proxy';
import { ENCODING_VCL } from '../varnish-cdn';

/**
 * Debian's Varnish as the CDN's stand-in: a shared cache that keeps what the origin says it may.
 * What it honours:
 * - `s-maxage` over `max-age` for its TTL (Varnish does this itself);
 * - `stale-while-revalidate`: served stale for that long after the TTL while it refetches
 *   (Varnish turns it into grace itself);
 * - `stale-if-error`: served stale for that long, but only while the origin is failing. Varnish
 *   has no such rule, so this VCL keeps the object for the longer of the two and serves the extra
 *   part only while a health probe finds the origin answering 5xx or not at all;
 * - `PURGE <url>` (what the PurgeUrlsCache stand-in sends for each URL) drops every variant of the
 *   URL, stale copies included; `BAN` with `X-Ban-Url: <regex>` drops every matching URL (a flush).
 * Nginx 1.22 with its cache-purge module was the other candidate; it was not evaluated.
 */

export interface Cdn {
  url: string;
  port: number;
  purge(path: string, host?: string): Promise<number>;
  ban(urlPattern: string): Promise<number>;
  stop(): Promise<void>;
  output(): string;
}

function vcl(originPort: number, probePath: string): string {
  return `vcl 4.1;
import std;

probe origin_health {
  .url = "${probePath}";
  .interval = 100ms;
  .timeout = 1s;
  .window = 3;
  .threshold = 2;
  .expected_response = 200;
}

backend origin {
  .host = "127.0.0.1";
  .port = "${originPort}";
  .probe = origin_health;
  .first_byte_timeout = 10s;
}

acl local { "127.0.0.1"; }

${ENCODING_VCL}

sub vcl_recv {
  # Compressed variants stay apart (the origin sends Vary: Accept-Encoding), at most three per URL.
  call normalize_encoding;
  if (req.method == "PURGE") {
    if (client.ip !~ local) { return (synth(405)); }
    return (purge);
  }
  if (req.method == "BAN") {
    if (client.ip !~ local) { return (synth(405)); }
    ban("obj.http.x-url ~ " + req.http.x-ban-url);
    return (synth(200, "Banned"));
  }
  # A stale copy past its stale-while-revalidate window was refused in vcl_hit: look up again without grace.
  if (req.restarts > 0) { set req.grace = 0s; }
}

sub vcl_backend_response {
  set beresp.http.x-url = bereq.url;
  set beresp.http.x-swr = "0";
  if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
    set beresp.http.x-swr = regsub(beresp.http.Cache-Control, ".*stale-while-revalidate=([0-9]+).*", "\\1");
  }
  if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
    set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, ".*stale-if-error=([0-9]+).*", "\\1") + "s", 0s);
  } else {
    set beresp.grace = std.duration(beresp.http.x-swr + "s", 0s);
  }
  # A background refresh that fails keeps the stale copy instead of replacing it with the error.
  if (beresp.status >= 500 && bereq.is_bgfetch) { return (abandon); }
}

sub vcl_hit {
  if (obj.ttl >= 0s) { return (deliver); }
  if (obj.ttl + std.duration(obj.http.x-swr + "s", 0s) > 0s) { return (deliver); }
  if (!std.healthy(req.backend_hint)) { return (deliver); }
  return (restart);
}

sub vcl_deliver {
  if (obj.hits > 0) { set resp.http.x-cache = "HIT"; } else { set resp.http.x-cache = "MISS"; }
  unset resp.http.x-url;
  unset resp.http.x-swr;
}
`;
}

function send(port: number, method: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Starts varnishd in the foreground in its own working folder; `probePath` must need the note store (so an outage shows). */
export async function startVarnish(originPort: number, probePath: string, port?: number): Promise<Cdn> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-cdn-'));
  chmodSync(dir, 0o755);
  const vclFile = join(dir, 'default.vcl');
  writeFileSync(vclFile, vcl(originPort, probePath));
  port ??= await freePort();
  const child: ChildProcess = spawn(existsSync('/usr/sbin/varnishd') ? '/usr/sbin/varnishd' : 'varnishd', ['-F', '-n', join(dir, 'work'), '-a', `127.0.0.1:${port}`, '-f', vclFile, '-s', 'malloc,64m', '-T', 'none',
    '-p', 'default_ttl=0', '-p', 'default_grace=0', '-p', 'default_keep=0', '-p', 'http_gzip_support=off'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`varnishd exited (${child.exitCode}):\n${log}`);
    try {
      await send(port, 'GET', '/__varnish_ready', {});
      break;
    } catch {
      if (Date.now() - started > 20_000) throw new Error(`varnishd did not listen within 20 s:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port: port,
    purge: (path, host) => send(port, 'PURGE', path, host ? { host } : {}),
    ban: (pattern) => send(port, 'BAN', '/', { 'x-ban-url': pattern }),
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      spawnSync('rm', ['-rf', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
