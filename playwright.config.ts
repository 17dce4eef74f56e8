import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests against the production build (`npm run build` first), served by the same
 * `npm start` entry point users run, on its own port and a fresh database seeded with the demo
 * notes plus the hostile fixture. Chromium is Debian's (/usr/bin/chromium); override with CHROMIUM_PATH.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
export const e2eEnv = {
  PORT: String(port),
  NOTES_DB_PATH: 'data/e2e/notes.db',
  // The landing pages are generated at build time with the build's SITE_URL (default
  // http://localhost:3000, see lib/config.ts); the server must use the same public origin.
  SITE_URL: process.env.SITE_URL ?? 'http://localhost:3000',
  NOTES_SEED_DEMO: 'true',
  DEPLOY_ENV: 'production',
  // Small pages, so the demo notebooks have a page 2 to paginate to.
  NOTEBOOK_PAGE_SIZE: '2',
};

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // Committed reference screenshots (e2e/visual.spec.ts).
  snapshotPathTemplate: '{testDir}/screenshots/{arg}{ext}',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
    },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined } },
  ],
  webServer: {
    command: 'node e2e/prepare.mjs && node scripts/start.mjs',
    url: `${baseURL}/`,
    env: e2eEnv,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
