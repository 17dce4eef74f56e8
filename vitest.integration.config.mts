import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Integration tests: run after `npm run build && npm run package`, against the real build and function package. */
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['test/serverless/**/*.test.ts', 'test/scf/**/*.test.ts', 'test/fleet/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/corpus-notice.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
