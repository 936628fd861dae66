import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import yazl from 'yazl';
import { bundleDependencies, type BundledFile } from './dependencies.js';
import { globMatcher } from './glob.js';
import { InstallJsonError, majorVersion, readJsonFile, validateInstallJson } from './install-json.js';
import { loadTcexJson, outputDir } from './tcex-json.js';
import { tcexPackage } from './version.js';

/** Never packaged: version control, editor state, build output, local runs, tests and logs. */
export const BUILT_IN_EXCLUDES = [
  '.git',
  '.github',
  '.vscode',
  '.idea',
  '.DS_Store',
  'node_modules',
  'target',
  'log',
  'logs',
  'local-*',
  'app_inputs*.json',
  'tcex.d',
  '.tcex-data',
  'test',
  'tests',
  'coverage',
  '*.tcx',
  '*.zip',
  '*.log',
  '.env',
  '.env.*',
  '*.tsbuildinfo',
];

export interface PackageStep {
  step: 'validate' | 'build' | 'collect' | 'dependencies' | 'zip' | 'done';
  detail: string;
  done?: number;
  total?: number;
}

export interface PackageOptions {
  /** output directory (default tcex.json package.output_dir, else `target`) */
  output?: string;
  /** build first (default true when the project has a build script in package.json or a tsconfig.json) */
  build?: boolean;
  onProgress?: (step: PackageStep) => void;
}

export interface PackageResult {
  file: string;
  folder: string;
  files: number;
  dependencies: number;
  bytes: number;
}

function typescriptCompiler(projectDir: string): string {
  for (const from of [join(projectDir, 'package.json'), join(tcexPackage().root, 'package.json')]) {
    try {
      return createRequire(from).resolve('typescript/bin/tsc');
    } catch {
      // try the next place
    }
  }
  throw new Error('package: the project has a tsconfig.json but TypeScript is not installed (npm install typescript)');
}

/** How a project is built: its package.json build script, else `tsc -p tsconfig.json`; undefined when neither. */
export function buildCommand(projectDir: string): { detail: string; script?: string } | undefined {
  let script: unknown;
  try {
    script = (readJsonFile(join(projectDir, 'package.json')) as { scripts?: Record<string, unknown> }).scripts?.build;
  } catch {
    script = undefined;
  }
  // a plain tsc build runs the compiler directly (no npm needed on the PATH); anything else is the project's own script
  if (typeof script === 'string' && script.trim() && !/^tsc(\s|$)/.test(script.trim())) return { detail: `npm run build (${script.trim()})`, script: script.trim() };
  if (existsSync(join(projectDir, 'tsconfig.json'))) return { detail: 'tsc -p tsconfig.json' };
  return undefined;
}

/** Builds the project (see buildCommand); a failed build stops the packaging with its output. */
export function buildProject(projectDir: string): void {
  const how = buildCommand(projectDir);
  if (!how) return;
  const res = how.script
    ? spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: projectDir, encoding: 'utf8' })
    : spawnSync(process.execPath, [typescriptCompiler(projectDir), '-p', 'tsconfig.json'], { cwd: projectDir, encoding: 'utf8' });
  if (res.status !== 0) {
    const output = `${res.stdout ?? ''}${res.stderr ?? ''}${res.error ? res.error.message : ''}`.trim().split('\n').slice(0, 20).join('\n');
    throw new Error(`package: the build failed (${how.detail}):\n${output}`);
  }
}

function appFiles(projectDir: string, excludes: string[]): BundledFile[] {
  const skip = globMatcher([...BUILT_IN_EXCLUDES, ...excludes]);
  const out: BundledFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = relative(projectDir, full).split(sep).join('/');
      if (skip(rel)) continue;
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile()) out.push({ source: full, target: rel });
    }
  };
  walk(projectDir);
  return out;
}

/**
 * Builds `<output>/<app_name>_v<major>.tcx`: a zip whose single top folder `<app_name>_v<major>/` holds the app,
 * its install.json and its production dependencies (real files, so the package runs with plain `node`).
 */
export async function packageApp(dir: string, options: PackageOptions = {}): Promise<PackageResult> {
  const projectDir = resolve(dir);
  const progress = options.onProgress ?? (() => undefined);

  progress({ step: 'validate', detail: 'install.json and tcex.json' });
  const installFile = join(projectDir, 'install.json');
  const raw = readJsonFile(installFile) as Record<string, unknown>;
  const checked = validateInstallJson(raw);
  if (!checked.value) throw new InstallJsonError(installFile, checked.problems);
  const ij = checked.value;
  const tcex = loadTcexJson(projectDir);
  const folder = `${tcex.package.app_name}_${tcex.package.app_version ?? `v${majorVersion(ij.programVersion)}`}`;

  const build = buildCommand(projectDir);
  if (build && options.build !== false) {
    progress({ step: 'build', detail: build.detail });
    buildProject(projectDir);
  }
  if (ij.programLanguage === 'NODE') {
    const main = /\.[cm]?js$/.test(ij.programMain) ? ij.programMain : `${ij.programMain}.js`;
    if (!existsSync(join(projectDir, main))) throw new Error(`package: programMain ${main} does not exist in ${projectDir} (build the app first)`);
  }

  const excludes = tcex.package.excludes ?? [];
  const own = appFiles(projectDir, excludes);
  progress({ step: 'collect', detail: `${own.length} app file(s)` });

  let deps: BundledFile[] = [];
  let depCount = 0;
  if (existsSync(join(projectDir, 'package.json'))) {
    const bundle = bundleDependencies(projectDir, tcex.package.exclude_dependencies ?? []);
    if (bundle.missing.length) {
      throw new Error(`package: production dependencies not installed: ${bundle.missing.join(', ')} (run npm install)`);
    }
    deps = bundle.files;
    depCount = bundle.packages.length;
    progress({ step: 'dependencies', detail: `${depCount} package(s), ${deps.length} file(s)` });
  }

  const outDir = resolve(projectDir, options.output ?? outputDir(tcex));
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${folder}.tcx`);
  const zip = new yazl.ZipFile();
  zip.addEmptyDirectory(`${folder}/`);
  // install.json records the SDK that built the package
  const stamped = { ...raw, sdkVersion: `tcex-ts ${tcexPackage().version}` };
  const entries = [...own.filter((f) => f.target !== 'install.json'), ...deps];
  zip.addBuffer(Buffer.from(`${JSON.stringify(stamped, null, 2)}\n`), `${folder}/install.json`);
  const total = entries.length + 1;
  const every = Math.max(1, Math.floor(total / 20));
  entries.forEach((entry, i) => {
    zip.addFile(entry.source, `${folder}/${entry.target}`);
    if ((i + 1) % every === 0) progress({ step: 'zip', detail: 'adding files', done: i + 2, total });
  });
  zip.end();
  await new Promise<void>((done, fail) => {
    const out = createWriteStream(file);
    zip.outputStream.on('error', fail).pipe(out).on('close', () => done()).on('error', fail);
  });
  const bytes = statSync(file).size;
  progress({ step: 'done', detail: file, done: total, total });
  return { file, folder, files: total, dependencies: depCount, bytes };
}
