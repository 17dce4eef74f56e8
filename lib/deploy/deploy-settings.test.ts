import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_MB, DeploySettingsError, loadDeploySettings } from './deploy-settings';

const GOOD = {
  SITE_URL: 'https://notes.example.com',
  STATIC_URL: 'https://static.example.com',
  STATIC_BUCKET: 'shared-notes-1250000000',
  NOTE_SERVICE_URL: 'https://notes-api.example.com',
};

describe('loadDeploySettings', () => {
  it('defaults to a web function on the note service, with derived names', () => {
    const s = loadDeploySettings(GOOD);
    expect(s).toMatchObject({ region: 'ap-guangzhou', functionName: 'shared-notes-prod', alias: 'live', memorySize: DEFAULT_MEMORY_MB, runtime: 'Nodejs20.19', secretId: null, apiStandIn: null });
    expect(s.functionEnv).toEqual({ SITE_URL: GOOD.SITE_URL, STATIC_URL: GOOD.STATIC_URL, DEPLOY_ENV: 'production', NOTE_STORE: 'http', NOTE_SERVICE_URL: GOOD.NOTE_SERVICE_URL });
  });

  it('a demo deploy seeds the embedded store on each instance, explicitly allowed', () => {
    const s = loadDeploySettings({ ...GOOD, NOTE_SERVICE_URL: '', DEPLOY_DEMO: 'true' });
    expect(s.functionEnv).toMatchObject({ NOTE_STORE: 'sqlite', NOTES_ALLOW_SQLITE_ON_SCF: 'true', NOTES_SEED_DEMO: 'true', NOTES_DB_PATH: '/tmp/notes.db' });
    expect(s.functionEnv.NOTE_SERVICE_URL).toBeUndefined();
  });

  it('passes only known settings to the function, never the deploy keys', () => {
    const s = loadDeploySettings({ ...GOOD, WEBHOOK_SECRET: 'w'.repeat(40), CDN_PURGE_SECRET_ID: 'id', TENCENTCLOUD_SECRET_ID: 'deploy-id', TENCENTCLOUD_SECRET_KEY: 'deploy-key', RANDOM_THING: 'x' });
    expect(Object.keys(s.functionEnv)).toEqual(expect.arrayContaining(['WEBHOOK_SECRET', 'CDN_PURGE_SECRET_ID']));
    expect(JSON.stringify(s.functionEnv)).not.toMatch(/deploy-(id|key)|RANDOM_THING/);
  });

  it.each([
    ['SITE_URL', { SITE_URL: '' }],
    ['SITE_URL', { SITE_URL: 'http://notes.example.com' }],
    ['SITE_URL', { SITE_URL: 'https://notes.example.com/path' }],
    ['SITE_URL', { SITE_URL: 'javascript:alert(1)' }],
    ['STATIC_URL', { STATIC_URL: GOOD.SITE_URL }],
    ['STATIC_BUCKET', { STATIC_BUCKET: 'no-appid' }],
    ['STATIC_BUCKET', { STATIC_BUCKET: 'UPPER-1250000000' }],
    ['NOTE_SERVICE_URL', { NOTE_SERVICE_URL: '' }],
    ['MEMORY_SIZE', { MEMORY_SIZE: '300' }],
    ['MEMORY_SIZE', { MEMORY_SIZE: '64' }],
    ['MEMORY_SIZE', { MEMORY_SIZE: '4096' }],
    ['FUNCTION_TIMEOUT', { FUNCTION_TIMEOUT: '0' }],
    ['FUNCTION_NAME', { FUNCTION_NAME: '1bad' }],
    ['FUNCTION_NAME', { FUNCTION_NAME: 'a; rm -rf /' }],
    ['SCF_RUNTIME', { SCF_RUNTIME: 'Nodejs10.15' }],
    ['REGION', { REGION: 'guangzhou' }],
    ['DEPLOY_ENV', { DEPLOY_ENV: 'development' }],
    ['DEPLOY_DEMO', { DEPLOY_DEMO: 'maybe' }],
    ['DEPLOY_API_STAND_IN', { DEPLOY_API_STAND_IN: 'https://evil.example.com' }],
    ['the function environment', { SITE_NAME: 'x'.repeat(5000) }],
  ])('rejects a bad %s', (variable, env) => {
    expect(() => loadDeploySettings({ ...GOOD, ...env })).toThrow(DeploySettingsError);
    expect(() => loadDeploySettings({ ...GOOD, ...env })).toThrow(variable);
  });
});
