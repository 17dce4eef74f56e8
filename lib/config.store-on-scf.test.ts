import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const SCF = { TENCENTCLOUD_RUNENV: 'SCF' };
const SERVICE = { NOTE_SERVICE_URL: 'https://notes-api.example.com' };

describe('NOTE_STORE on an SCF function', () => {
  it.each([
    ['SCF, NOTE_STORE unset (sqlite by default)', { ...SCF }],
    ['SCF, NOTE_STORE=sqlite', { ...SCF, NOTE_STORE: 'sqlite' }],
    ['SCF, sqlite, allowance off', { ...SCF, NOTE_STORE: 'sqlite', NOTES_ALLOW_SQLITE_ON_SCF: 'false' }],
    ['SCF, sqlite, allowance empty', { ...SCF, NOTE_STORE: ' sqlite ', NOTES_ALLOW_SQLITE_ON_SCF: '' }],
  ])('refuses the embedded store: %s', (_name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/NOTE_STORE.*SCF.*NOTE_STORE=http.*NOTES_ALLOW_SQLITE_ON_SCF=true/);
  });

  it.each([
    ['SCF with the note service', { ...SCF, NOTE_STORE: 'http', ...SERVICE }, 'http'],
    ['SCF demo, explicitly allowed', { ...SCF, NOTE_STORE: 'sqlite', NOTES_ALLOW_SQLITE_ON_SCF: 'true' }, 'sqlite'],
    ['not on SCF (self-hosting, tests)', {}, 'sqlite'],
    ['another runtime env value', { TENCENTCLOUD_RUNENV: 'CVM' }, 'sqlite'],
  ] as const)('accepts %s', (_name, env, store) => {
    expect(loadConfig(env).noteStore).toBe(store);
  });

  it('rejects a malformed allowance, naming it', () => {
    expect(() => loadConfig({ ...SCF, NOTE_STORE: 'sqlite', NOTES_ALLOW_SQLITE_ON_SCF: 'sure' })).toThrow(/NOTES_ALLOW_SQLITE_ON_SCF/);
  });

  it('takes CDN purge keys from CDN_PURGE_* (SCF reserves TENCENTCLOUD_* names), falling back to the old names', () => {
    expect(loadConfig({ CDN_PURGE_SECRET_ID: 'id1', CDN_PURGE_SECRET_KEY: 'key1', TENCENTCLOUD_SECRET_ID: 'id2', TENCENTCLOUD_SECRET_KEY: 'key2' })).toMatchObject({ tencentSecretId: 'id1', tencentSecretKey: 'key1' });
    expect(loadConfig({ TENCENTCLOUD_SECRET_ID: 'id2', TENCENTCLOUD_SECRET_KEY: 'key2' })).toMatchObject({ tencentSecretId: 'id2', tencentSecretKey: 'key2' });
  });
});
