import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Import direction between the parts of src/ (docs/architecture.md): each layer lists the other folders of src/ it
// may import; everything else of ours is refused. ESLint's own no-restricted-imports does the check: a relative
// specifier is matched per folder depth, so `../batch/x.js` inside src/platform/routes stays the platform's own
// batch while `../../batch/x.js` (the SDK's) is refused.
export const LAYERS = {
  core: [],
  model: ['core'],
  contract: ['core', 'model'],
  formats: ['core', 'model'],
  indicators: ['core', 'model'],
  platform: ['core', 'model', 'contract'],
};

function layerRules(folder, allowed) {
  const message = `src/${folder} may import only ${allowed.length ? allowed.map((f) => `src/${f}`).join(', ') : 'packages'} and its own folder (docs/architecture.md, layers)`;
  return Array.from({ length: 6 }, (_, depth) => ({
    files: [`src/${folder}/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          // climbs out of src/<folder> to src/ and then goes anywhere but an allowed folder or its own
          regex: `^(\\./)?(\\.\\./){${depth + 1}}(?!(${[...allowed, folder].join('|')})/)`,
          message,
        }],
      }],
    },
  }));
}

export default tseslint.config(
  { ignores: ['dist/**', 'packages/*/dist/**', 'node_modules/**', 'docs/api/**', 'templates/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly',
        clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly',
        URLSearchParams: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly',
        AbortSignal: 'readonly', setImmediate: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-control-regex': 'off',
      'no-useless-escape': 'off',
    },
  },
  // The tcex package (everything in src/ but the platform) ships without the platform package: it reaches it only
  // through src/testing/platform-package.ts (loaded by name at run time), never by a path or the native driver.
  // Listed before the layer rules, which replace it for their folders (they forbid the platform as well).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/platform/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(\\./)?(\\.\\./)*platform/', message: 'the tcex package must not import src/platform: load it with loadPlatform() (src/testing/platform-package.ts)' }],
      }],
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: ['better-sqlite3', 'croner', '@tcex/platform'].map((name) => ({
          name,
          allowTypeImports: true,
          message: 'a dependency of the platform package, not of tcex: load it at run time (see src/testing/platform-package.ts)',
        })),
      }],
    },
  },
  ...Object.entries(LAYERS).flatMap(([folder, allowed]) => layerRules(folder, allowed)),
);
