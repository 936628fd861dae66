/**
 * Exclude patterns as in tcex.json: `*` and `?` within a path segment, `**` across segments. A pattern without a
 * slash matches a file or directory name at any depth (like .gitignore); with a slash it matches from the root.
 */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const compiled = patterns.filter((p) => p.trim() !== '').map(compile);
  return (rel) => {
    const path = rel.split('\\').join('/');
    const name = path.slice(path.lastIndexOf('/') + 1);
    return compiled.some(({ re, anchored }) => re.test(anchored ? path : name) || (!anchored && re.test(path)));
  };
}

function compile(pattern: string): { re: RegExp; anchored: boolean } {
  let p = pattern.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  const anchored = p.includes('/');
  p = p.replace(/^\.\//, '').replace(/^\//, '');
  let src = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      src += p[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += p[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') src += '[^/]*';
    else if (c === '?') src += '[^/]';
    else src += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return { re: new RegExp(`^${src}$`), anchored };
}
