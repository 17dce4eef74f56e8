import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './paths';

/**
 * serverless.yml for the Tencent Next.js component (serverless-components/tencent-nextjs v1.0.14,
 * src/formatter.js and src/index.js, with tencent-component-toolkit's scf formatInputs). These are
 * the keys that code reads; a key outside them is silently ignored (a top-level `type: web` made
 * an event function).
 */
const READ = {
  top: ['component', 'name', 'app', 'stage', 'inputs'],
  inputs: ['region', 'src', 'functionConf', 'apigatewayConf', 'staticConf', 'functionName', 'runtime', 'namespace', 'description', 'layers', 'role', 'handler', 'publish', 'traffic', 'tags', 'vpcConfig', 'entryFile'],
  src: ['src', 'hook', 'dist', 'exclude', 'bucket', 'object'],
  functionConf: ['name', 'type', 'runtime', 'memorySize', 'timeout', 'publish', 'publishDescription', 'environment', 'instanceConcurrencyConfig', 'role', 'handler', 'namespace', 'description', 'layers', 'cfs', 'traffic', 'tags', 'vpcConfig', 'entryFile', 'protocolType', 'protocolParams'],
  apigatewayConf: ['isDisabled'],
  staticConf: ['cosConf', 'cdnConf'],
  cosConf: ['bucket', 'sources', 'replace'],
  cdnConf: ['area', 'domain', 'autoRefresh', 'refreshType', 'forceRedirect', 'https', 'onlyRefresh'],
};

type Yaml = Record<string, unknown>;
const keys = (value: unknown): string[] => Object.keys(value ?? {});

describe('serverless.yml', () => {
  const doc = parse(readFileSync(join(repoRoot, 'serverless.yml'), 'utf8')) as Yaml;
  const inputs = doc.inputs as Yaml;
  const functionConf = inputs.functionConf as Yaml;
  const staticConf = inputs.staticConf as Yaml;

  it.each([
    ['top level', doc, READ.top],
    ['inputs', inputs, READ.inputs],
    ['inputs.src', inputs.src, READ.src],
    ['inputs.functionConf', functionConf, READ.functionConf],
    ['inputs.apigatewayConf', inputs.apigatewayConf, READ.apigatewayConf],
    ['inputs.staticConf', staticConf, READ.staticConf],
    ['staticConf.cosConf', staticConf.cosConf, READ.cosConf],
    ['staticConf.cdnConf', staticConf.cdnConf, READ.cdnConf],
  ])('%s holds only keys the component reads', (_where, section, allowed) => {
    for (const key of keys(section)) expect(allowed, key).toContain(key);
  });

  it('makes a web function that publishes versions, on the note service, with no API gateway', () => {
    expect(functionConf).toMatchObject({ type: 'web', publish: true, runtime: expect.stringMatching(/^Nodejs20\./) as unknown });
    expect((inputs.apigatewayConf as Yaml).isDisabled).toBe(true);
    const vars = (functionConf.environment as { variables: Yaml }).variables;
    expect(vars.NOTE_STORE).toBe('http');
    expect(keys(vars).filter((name) => /^(SCF_|QCLOUD_|TENCENTCLOUD_)/.test(name))).toEqual([]);
  });

  it('packages the static files where staticConf looks for them (inside src.dist)', () => {
    const hook = String((inputs.src as Yaml).hook);
    expect(hook).toContain('npm run package -- --with-static-files');
    const sources = (staticConf.cosConf as { sources: Array<{ src: string; targetDir: string }> }).sources;
    expect(sources).toEqual([{ src: '.next/static', targetDir: '/_next/static' }, { src: 'public', targetDir: '/' }]);
  });

  it('asks for at least the memory the deploy does (measured peak + 25%)', async () => {
    const { DEFAULT_MEMORY_MB } = await import('../lib/deploy/deploy-settings');
    expect(functionConf.memorySize).toBe(DEFAULT_MEMORY_MB);
  });
});
