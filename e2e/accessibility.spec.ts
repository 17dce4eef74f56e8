import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { notebookShareIdOf, shareIdOf } from './notes';

// axe-core's Playwright wrapper needs Node 22; injecting axe.min.js ourselves works on Node 20.
const AXE_PATH = createRequire(__filename).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs every axe rule (WCAG 2.x A/AA and best practices) and returns the violations, readably. */
async function axeViolations(page: Page, disabledRules: string[]): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (disabled) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const rules = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
    const result = await axe.run(document, { resultTypes: ['violations'], rules });
    return result.violations;
  }, disabledRules);
  return violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

// The pages forbid scripts (CSP); the test context lets the injected axe script run anyway.
test.use({ bypassCSP: true });

const pages: Array<[string, () => string, string[]?]> = [
  ['long zh note', () => `/s/${shareIdOf('长文')}`],
  ['note with checklist, table, images', () => `/s/${shareIdOf('周末杭州')}`],
  ['note with code and encrypted text', () => `/s/${shareIdOf('Notes on SQLite')}`],
  // The author coloured text red: their colour choice, kept as written, is not ours to check.
  ['hostile note', () => `/s/${shareIdOf('Hostile')}`, ['color-contrast']],
  ['notebook', () => `/nb/${notebookShareIdOf('生活与工作')}`],
  ['notebook page 2', () => `/nb/${notebookShareIdOf('Field notes')}?page=2`],
  ['home zh-CN', () => '/'],
  ['home en', () => '/en'],
  ['features', () => '/features'],
  ['download en', () => '/en/download'],
  ['explore', () => '/explore'],
  ['404', () => '/no/such/page'],
  ['404 en', () => '/en/no-such-page'],
  ['410 revoked note', () => `/s/${shareIdOf('已撤回')}`],
];

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });
    for (const [name, path, disabledRules = []] of pages) {
      test(`axe: ${name} has no violations`, async ({ page }) => {
        await page.goto(path());
        expect(await axeViolations(page, disabledRules)).toEqual([]);
      });
    }
  });
}
