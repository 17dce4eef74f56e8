import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.next/**', '.next-*/**', 'dist/**', 'dist-*/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'demo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'public/*.js', '*.mjs', '*.mts', 'scripts/*.mjs', 'scripts/dev/*.mjs', 'e2e/*.mjs', 'test/serverless/*.cjs', 'runtime/*.js', 'lib/http/*.js'], maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 32 }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // Stripping control characters from untrusted text is deliberate here.
      'no-control-regex': 'off',
    },
  },
  {
    // The dependency arrow: lib never reaches up into pages or components (ARCHITECTURE.md section 2).
    files: ['lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@/pages/*', '@/components/*', '../pages/*', '../components/*', '../../pages/*', '../../components/*'], message: 'lib/ must not import pages or components.' },
        { group: ['next', 'next/*'], message: 'lib/ stays framework-free; keep Next.js in pages/.', allowTypeImports: true },
      ] }],
    },
  },
  {
    // The store layer knows nothing of transport or purging: the share-event flow (webhook,
    // invalidation, CDN purge, search notification) lives above it, in lib/share-events.
    files: ['lib/notes/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@/pages/*', '@/components/*', '../pages/*', '../components/*', '../../pages/*', '../../components/*'], message: 'lib/ must not import pages or components.' },
        { group: ['next', 'next/*'], message: 'lib/ stays framework-free; keep Next.js in pages/.', allowTypeImports: true },
        { group: ['**/http/*', '**/cdn/*', '**/share-events/*', '!./http/*', '!**/adapters/http/*'], message: 'lib/notes is the store layer: it imports nothing from lib/http, lib/cdn or lib/share-events (they build on it).' },
      ] }],
    },
  },
  {
    // Only lib/notes/get-note-store.ts may pick an adapter.
    files: ['pages/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/enml/**/*.{ts,tsx}', 'lib/enex/**/*.{ts,tsx}', 'lib/http/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/adapters/*', '**/adapters/**'], message: 'Use getNoteStore() instead of importing an adapter.' }] }],
    },
  },
  {
    files: ['components/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@/lib/config', '**/lib/config'], message: 'Components get data as props; they do not read config.' },
        { group: ['**/get-note-store'], message: 'Components do not fetch data.' },
      ] }],
    },
  },
  {
    files: ['scripts/**/*.{ts,mjs}', 'e2e/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.mts', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', setImmediate: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', AbortSignal: 'readonly', Buffer: 'readonly', module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },
  {
    // CommonJS entry points the platform loads with require() (next.config.js, sls.js, test drivers).
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
