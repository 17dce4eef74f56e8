import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { hasWeChatShareMarker, isWeChatBrowser, splitShareMarkers, weChatShareLink } from './wechat-request';

const ID = 'wx0123456789abcdef';
const SECRET = '0123456789abcdef0123456789abcdef';

describe('WECHAT_* configuration', () => {
  it.each<[string, Record<string, string>, ReturnType<typeof loadConfig>['wechat']]>([
    ['off when unset', {}, null],
    ['off when empty', { WECHAT_APP_ID: ' ', WECHAT_APP_SECRET: '' }, null],
    ['on with both, WeChat\'s API by default', { WECHAT_APP_ID: ID, WECHAT_APP_SECRET: SECRET }, { appId: ID, appSecret: SECRET, apiBase: 'https://api.weixin.qq.com' }],
    ['a stand-in API base', { WECHAT_APP_ID: ID, WECHAT_APP_SECRET: SECRET, WECHAT_API_BASE: 'http://127.0.0.1:9/' }, { appId: ID, appSecret: SECRET, apiBase: 'http://127.0.0.1:9' }],
  ])('%s', (_, env, expected) => {
    expect(loadConfig(env).wechat).toEqual(expected);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['a secret without an id', { WECHAT_APP_SECRET: SECRET }, /WECHAT_APP_ID is required/],
    ['an id without a secret', { WECHAT_APP_ID: ID }, /WECHAT_APP_SECRET is required/],
    ['an id that is not an AppID', { WECHAT_APP_ID: 'gh_123', WECHAT_APP_SECRET: SECRET }, /WECHAT_APP_ID/],
    ['a secret with odd characters', { WECHAT_APP_ID: ID, WECHAT_APP_SECRET: 'x; rm -rf /' }, /WECHAT_APP_SECRET/],
    ['an API base that is not http(s)', { WECHAT_APP_ID: ID, WECHAT_APP_SECRET: SECRET, WECHAT_API_BASE: 'ftp://x' }, /WECHAT_API_BASE/],
  ])('refuses %s', (_, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('WeChat requests', () => {
  it.each<[string | undefined, boolean]>([
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN', true],
    ['Mozilla/5.0 (Linux; Android 14; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1110005 MMWEBSDK/20231202 MMWEBID/1234 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64', true],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36', false],
    ['Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)', false],
    ['', false],
    [undefined, false],
  ])('%j -> %s', (ua, expected) => {
    expect(isWeChatBrowser(ua)).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['/s/x/y?from=singlemessage&isappinstalled=0', true],
    ['/s/x/y?from=timeline', true],
    ['/s/x/y?isappinstalled=0', true],
    ['/s/x/y', false],
    ['/s/x/y?utm_source=x', false],
  ])('share marker in %s: %s', (url, expected) => {
    expect(hasWeChatShareMarker(url)).toBe(expected);
  });

  it.each<[string, string]>([
    ['https://notes.example.com/s/abc/title', 'https://notes.example.com/s/abc/title?from=wechat'],
    ['https://notes.example.com/nb/abc', 'https://notes.example.com/nb/abc?from=wechat'],
    ['https://notes.example.com/nb/abc?page=2', 'https://notes.example.com/nb/abc?page=2&from=wechat'],
  ])('the onward share link of %s is the canonical URL, marked', (canonical, link) => {
    expect(weChatShareLink(canonical)).toBe(link);
  });
});

describe('splitShareMarkers', () => {
  it.each<[string, string, string]>([
    ['/s/a/b', '/s/a/b', ''],
    ['/s/a/b?from=singlemessage&isappinstalled=0', '/s/a/b', 'from=singlemessage&isappinstalled=0'],
    ['/s/a/b?utm_source=x&from=timeline', '/s/a/b?utm_source=x', 'from=timeline'],
    ['/s/a/b?from=a&from=b', '/s/a/b', 'from=a&from=b'],
    ['/s/a/b?x=1', '/s/a/b?x=1', ''],
  ])('%s', (url, lookupUrl, markers) => {
    expect(splitShareMarkers(url)).toEqual({ lookupUrl, markers });
  });
});
