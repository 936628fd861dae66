import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Import direction between the parts of src/ (docs/architecture.md, layers): each folder of src/ lists the other
// folders it may import; everything else of ours is refused. ESLint's own no-restricted-imports does the check: a
// relative specifier is matched per folder depth, so `../batch/x.js` inside src/platform/routes stays the platform's
// own batch while `../../batch/x.js` (the SDK's) is refused. Every folder of src/ must have an entry
// (test/architecture/layers.test.ts fails on a new folder without one). The files directly in src/ (the entries
// `index.ts` and `main-job.ts`) are the top and only kept off the platform.
//
// Bottom to top: the base (core, model, contract) and two leaf libraries on it (formats, indicators); the
// platform on the base alone; the SDK: client on the base; ti, batch and filters on the client and the libraries,
// none of them on another; jobs on ti and batch; app (the runtime apps run in) on those; feed on app; testing and
// cli on top. A part may import any part below it, never one beside or above it.
const BASE = ['core', 'model', 'contract'];
const LIBRARIES = [...BASE, 'formats', 'indicators'];
export const LAYERS = {
  core: [],
  model: ['core'],
  contract: ['core', 'model'],
  formats: ['core', 'model'],
  indicators: ['core', 'model'],
  platform: BASE,
  client: BASE,
  // siblings over the client: the TI module, the batch module and the legacy filters share helpers only through
  // the base (a date helper they both need lives in core/dates.ts)
  ti: [...LIBRARIES, 'client'],
  batch: [...LIBRARIES, 'client'],
  filters: [...LIBRARIES, 'client'],
  // the older interface over TI and Batch
  jobs: [...LIBRARIES, 'client', 'ti', 'batch'],
  app: [...LIBRARIES, 'client', 'ti', 'batch', 'filters', 'jobs'],
  feed: [...LIBRARIES, 'client', 'ti', 'batch', 'filters', 'jobs', 'app'],
  // tcex/testing runs apps (any of the SDK) against the platform it loads by name (platform-package.ts)
  testing: [...LIBRARIES, 'client', 'ti', 'batch', 'filters', 'jobs', 'app', 'feed'],
  // the top: the CLI starts the platform through testing's loadPlatform() (the one place that loads it)
  cli: [...LIBRARIES, 'client', 'ti', 'batch', 'filters', 'jobs', 'app', 'feed', 'testing'],
};

// Outside the platform, the platform's sources get their own message (how to reach it instead), so the layer
// pattern leaves them to it and an import is reported once.
const PLATFORM_PATTERN = {
  regex: '^(\\./)?(\\.\\./)*platform/',
  message: 'the tcex package must not import src/platform: load it with loadPlatform() (src/testing/platform-package.ts)',
};

function layerRules(folder, allowed) {
  const message = `src/${folder} may import only ${allowed.length ? allowed.map((f) => `src/${f}`).join(', ') : 'packages'} and its own folder (docs/architecture.md, layers)`;
  const skipped = folder === 'platform' ? [...allowed, folder] : [...allowed, folder, 'platform'];
  return Array.from({ length: 6 }, (_, depth) => ({
    files: [`src/${folder}/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...(folder === 'platform' ? [] : [PLATFORM_PATTERN]),
          {
            // climbs out of src/<folder> to src/ and then goes anywhere but an allowed folder or its own
            regex: `^(\\./)?(\\.\\./){${depth + 1}}(?!(${skipped.join('|')})/)`,
            message,
          },
        ],
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
  // Listed before the layer rules, which replace this rule's options for their folders and so repeat the pattern.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/platform/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [PLATFORM_PATTERN],
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
