import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { tcexPackage } from '../../app/version.js';
import { PLATFORM_PACKAGE } from '../../testing/platform-package.js';

export const TEMPLATES = ['job', 'batch-feed'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

// Files whose published name would be dropped or misread by npm are stored under another name.
const RENAMES: Record<string, string> = { gitignore: '.gitignore' };
const DEV_TOOLS = ['typescript', 'tsx', '@types/node'] as const;
// Where a clone keeps the platform package (its workspace); an app's tests get the platform from it as a
// devDependency, so a production install of the app has no native module.
const PLATFORM_DIR = join('packages', 'platform');

export interface InitOptions {
  dir: string;
  template: TemplateName;
  name?: string;
  force?: boolean;
  /** run `npm install` instead of linking tcex and the dev tools from this installation */
  npmInstall?: boolean;
  /** the tcex package to depend on (default: the one running) */
  tcexRoot?: string;
  log?: (line: string) => void;
}

export interface InitResult {
  dir: string;
  files: string[];
  linked: string[];
  displayName: string;
  appName: string;
}

export function appNameFor(displayName: string): string {
  return displayName.trim().replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'App';
}

function packageNameFor(displayName: string): string {
  return displayName.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'app';
}

function titleFromDir(dir: string): string {
  const words = basename(resolve(dir)).split(/[^A-Za-z0-9]+/).filter(Boolean);
  const title = words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
  return title.length >= 3 ? title : `${title} App`.trim();
}

/** Where a package is installed, as seen from `root` (undefined when it is not). */
function installedDir(root: string, name: string): string | undefined {
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

function versionOf(dir: string | undefined, fallback: string): string {
  if (!dir) return fallback;
  try {
    return `^${JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version}`;
  } catch {
    return fallback;
  }
}

function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, root) : [relative(root, full)];
  });
}

function substitute(text: string, vars: Record<string, string>, json: boolean): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    if (!(key in vars)) return whole;
    return json ? JSON.stringify(vars[key]).slice(1, -1) : vars[key];
  });
}

/**
 * Creates a project from a template. The project depends on tcex through `file:<tcex root>` and, for its tests
 * only, on the platform package (`file:<tcex root>/packages/platform`, a devDependency); unless npmInstall is set,
 * these and the dev tools are linked into node_modules from this installation, so it works offline at once.
 */
export function initProject(options: InitOptions): InitResult {
  const log = options.log ?? (() => undefined);
  const dir = resolve(options.dir);
  const tcexRoot = resolve(options.tcexRoot ?? tcexPackage().root);
  const templateDir = join(tcexRoot, 'templates', options.template);
  if (!TEMPLATES.includes(options.template)) throw new Error(`--template: must be one of ${TEMPLATES.join(', ')}, got ${JSON.stringify(options.template)}`);
  if (!existsSync(templateDir)) throw new Error(`--template: ${options.template} is not installed at ${templateDir}`);
  if (existsSync(dir) && readdirSync(dir).some((f) => !f.startsWith('.')) && !options.force) {
    throw new Error(`${dir} is not empty; choose an empty directory or pass --force to write over matching files`);
  }
  const displayName = (options.name ?? titleFromDir(dir)).trim();
  if (displayName.length < 3 || displayName.length > 100) throw new Error(`--name: must be 3 to 100 characters, got ${JSON.stringify(displayName)}`);

  const tools = Object.fromEntries(DEV_TOOLS.map((t) => [t, installedDir(tcexRoot, t)]));
  const platformDir = existsSync(join(tcexRoot, PLATFORM_DIR, 'package.json')) ? join(tcexRoot, PLATFORM_DIR) : installedDir(tcexRoot, PLATFORM_PACKAGE);
  const vars: Record<string, string> = {
    displayName,
    appName: appNameFor(displayName),
    packageName: packageNameFor(displayName),
    tcexDependency: `file:${tcexRoot.split(sep).join('/')}`,
    platformDependency: platformDir ? `file:${platformDir.split(sep).join('/')}` : `^${tcexPackage().version}`,
    typescriptVersion: versionOf(tools.typescript, '^5.9.0'),
    tsxVersion: versionOf(tools.tsx, '^4.20.0'),
    typesNodeVersion: versionOf(tools['@types/node'], '^20.0.0'),
  };

  const files: string[] = [];
  for (const rel of listFiles(templateDir).sort()) {
    const parts = rel.split(sep);
    parts[parts.length - 1] = RENAMES[parts[parts.length - 1]] ?? parts[parts.length - 1];
    const target = join(dir, ...parts);
    mkdirSync(dirname(target), { recursive: true });
    const text = readFileSync(join(templateDir, rel), 'utf8');
    writeFileSync(target, substitute(text, vars, rel.endsWith('.json')));
    files.push(parts.join('/'));
    log(`created ${parts.join('/')}`);
  }

  const linked: string[] = [];
  if (options.npmInstall) {
    log('running npm install');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const res = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
    if (res.status !== 0) throw new Error(`npm install failed in ${dir} (exit ${res.status})`);
  } else {
    const links: Array<[string, string | undefined]> = [
      ['tcex', tcexRoot],
      [PLATFORM_PACKAGE, platformDir],
      ...DEV_TOOLS.map((t) => [t, tools[t]] as [string, string | undefined]),
    ];
    for (const [name, source] of links) {
      const target = join(dir, 'node_modules', ...name.split('/'));
      if (!source) {
        log(`note: ${name} is not installed next to tcex; run npm install in the project to get it`);
        continue;
      }
      if (existsSync(target)) continue;
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(source, target, 'junction');
      linked.push(name);
      log(`linked node_modules/${name} -> ${source}`);
      linkBins(dir, name, source);
    }
  }
  return { dir, files, linked, displayName, appName: vars.appName };
}

/** node_modules/.bin entries for a linked package, so npm scripts and npx find its commands. */
function linkBins(projectDir: string, name: string, source: string): void {
  let bin: unknown;
  try {
    bin = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).bin;
  } catch {
    return;
  }
  const entries: Record<string, string> =
    typeof bin === 'string' ? { [name.split('/').pop() as string]: bin } : bin && typeof bin === 'object' ? (bin as Record<string, string>) : {};
  const binDir = join(projectDir, 'node_modules', '.bin');
  for (const [command, file] of Object.entries(entries)) {
    const link = join(binDir, command);
    if (existsSync(link)) continue;
    mkdirSync(binDir, { recursive: true });
    symlinkSync(relative(binDir, join(projectDir, 'node_modules', ...name.split('/'), file)), link);
  }
}

export function register(program: Command): void {
  program
    .command('init')
    .description('create a job app project from a template')
    .argument('[dir]', 'project directory (created if missing)', '.')
    .option('-t, --template <name>', `template: ${TEMPLATES.join(', ')}`, 'job')
    .option('-n, --name <displayName>', 'the app display name (default: from the directory name)')
    .option('-f, --force', 'write into a directory that is not empty')
    .option('--npm-install', 'run npm install instead of linking tcex and the dev tools from this installation')
    .action((dir: string, opts: { template: string; name?: string; force?: boolean; npmInstall?: boolean }) => {
      if (!TEMPLATES.includes(opts.template as TemplateName)) {
        throw new Error(`--template: must be one of ${TEMPLATES.join(', ')}, got ${JSON.stringify(opts.template)}`);
      }
      const result = initProject({
        dir,
        template: opts.template as TemplateName,
        name: opts.name,
        force: opts.force,
        npmInstall: opts.npmInstall,
        log: (line) => process.stdout.write(`${line}\n`),
      });
      const rel = relative(process.cwd(), result.dir).startsWith('..') ? result.dir : relative(process.cwd(), result.dir) || '.';
      process.stdout.write(
        [
          ``,
          `Created "${result.displayName}" (${opts.template}) in ${rel}.`,
          `Next:`,
          ...(rel === '.' ? [] : [`  cd ${rel}`]),
          `  npm test                       # the app's tests, against a local platform`,
          `  npx tcex run --local-platform  # run it once`,
          `  npx tcex package               # build target/${result.appName}_v1.tcx`,
          ``,
        ].join('\n'),
      );
    });
}
