import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['lib/**/*.test.ts', 'lib/**/*.test.tsx', 'scripts/**/*.test.ts', 'test/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/corpus-notice.ts'],
    testTimeout: 60_000,
    reporters: ['default'],
  },
});
