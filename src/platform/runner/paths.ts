import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, posix, resolve, sep, win32 } from 'node:path';

/**
 * Why `name` cannot be a file inside a run folder, or undefined when it can: no absolute path (POSIX or Windows),
 * no `..` that climbs out, no NUL, not the folder itself.
 */
export function pathProblem(name: string): string | undefined {
  if (name.includes('\0')) return 'contains a NUL character';
  if (isAbsolute(name) || posix.isAbsolute(name) || win32.isAbsolute(name)) return 'is an absolute path';
  const normal = posix.normalize(name.replace(/\\/g, '/'));
  if (normal === '..' || normal.startsWith('../')) return 'leaves its folder (..)';
  if (normal === '.' || normal === '' || normal.endsWith('/')) return 'names a folder, not a file';
  return undefined;
}

/** `dir/name` when it stays inside `dir`; undefined otherwise. */
export function fileInside(dir: string, name: string): string | undefined {
  if (pathProblem(name)) return undefined;
  const base = resolve(dir);
  const file = resolve(base, name);
  return file.startsWith(base + sep) ? file : undefined;
}

/**
 * Reads `dir/name` only when the file really lies inside `dir` once links are followed (an app could leave a
 * symbolic link in its log folder); undefined when it is missing or outside.
 */
export function readInside(dir: string, name: string): string | undefined {
  const file = fileInside(dir, name);
  if (!file) return undefined;
  try {
    if (!lstatSync(file).isFile()) return undefined;
    const real = realpathSync(file);
    if (!real.startsWith(realpathSync(dir) + sep)) return undefined;
    return readFileSync(real, 'utf8');
  } catch {
    return undefined;
  }
}
