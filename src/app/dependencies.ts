import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export interface BundledFile {
  /** absolute path on disk */
  source: string;
  /** path inside the app folder, with forward slashes */
  target: string;
}

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  files?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Node's lookup: `<dir>/node_modules/<name>`, then each parent's; returns the real directory. */
function locate(name: string, from: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function walk(dir: string, skip: (rel: string, isDir: boolean) => boolean, root = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const rel = relative(root, full).split(sep).join('/');
    const stat = statSync(full);
    if (skip(rel, stat.isDirectory())) continue;
    if (stat.isDirectory()) walk(full, skip, root, out);
    else if (stat.isFile()) out.push(full);
  }
  return out;
}

/**
 * The files a package ships. An installed package (inside node_modules) already holds only its published files;
 * a linked local package (a `file:` dependency such as a tcex checkout) is narrowed by its `files` list, as npm
 * would when packing it.
 */
export function packageFiles(dir: string): string[] {
  const installed = dir.split(sep).includes('node_modules');
  const pkg = readPackage(dir);
  const always = /^(package\.json|readme(\..*)?|licen[cs]e(\..*)?|notice(\..*)?)$/i;
  if (installed || !pkg.files) {
    return walk(dir, (rel, isDir) => isDir && (rel.endsWith('node_modules') || rel === '.git'));
  }
  const roots = pkg.files.map((f) => f.replace(/^\.\//, '').replace(/\/+$/, ''));
  if (pkg.main) roots.push(pkg.main.replace(/^\.\//, ''));
  return walk(dir, (rel, isDir) => {
    if (rel.split('/').includes('node_modules') || rel === '.git') return true;
    if (!rel.includes('/') && !isDir && always.test(rel)) return false;
    // keep a path that is inside a listed root, or a directory on the way to one
    return !roots.some((r) => rel === r || rel.startsWith(`${r}/`) || (isDir && r.startsWith(`${rel}/`)));
  });
}

export interface BundleResult {
  files: BundledFile[];
  packages: Array<{ name: string; version: string; target: string }>;
  missing: string[];
}

/**
 * The production dependency tree of the project at `projectDir`, laid out as `node_modules/...` with real files.
 * Packages are placed at the top level unless another version already took the name, in which case they nest
 * under the package that needs them (where Node's lookup finds them first).
 */
export function bundleDependencies(projectDir: string, exclude: readonly string[] = []): BundleResult {
  const excluded = new Set(exclude);
  const top = new Map<string, string>(); // name -> real dir placed at the top level
  const packages: BundleResult['packages'] = [];
  const files: BundledFile[] = [];
  const missing: string[] = [];
  const placed = new Set<string>(); // real dir + target

  const visit = (name: string, fromDir: string, parentTarget: string, optional: boolean) => {
    if (excluded.has(name)) return;
    const real = locate(name, fromDir);
    if (!real) {
      if (!optional) missing.push(name);
      return;
    }
    let target: string;
    const atTop = top.get(name);
    if (atTop === undefined || atTop === real) {
      if (atTop === real) return; // already bundled
      top.set(name, real);
      target = `node_modules/${name}`;
    } else {
      target = `${parentTarget}/node_modules/${name}`;
      if (placed.has(`${real}|${target}`)) return;
    }
    placed.add(`${real}|${target}`);
    const pkg = readPackage(real);
    packages.push({ name, version: pkg.version ?? '0.0.0', target });
    for (const file of packageFiles(real)) {
      files.push({ source: file, target: `${target}/${relative(real, file).split(sep).join('/')}` });
    }
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, real, target, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, real, target, true);
  };

  const root = readPackage(projectDir);
  for (const dep of Object.keys(root.dependencies ?? {})) visit(dep, projectDir, '', false);
  for (const dep of Object.keys(root.optionalDependencies ?? {})) visit(dep, projectDir, '', true);
  return { files, packages, missing };
}
