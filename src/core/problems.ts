import type { z } from 'zod';

/** One thing wrong with a file, located by a JSON path such as `params[2].type`. */
export interface Problem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export function problem(path: string, message: string, severity: Problem['severity'] = 'error'): Problem {
  return { path, message, severity };
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

export function formatProblem(p: Problem): string {
  return `${p.severity === 'warning' ? 'warning: ' : ''}${p.path}: ${p.message}`;
}

export function shown(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** zod issues as problems with messages that name the expectation and the value found. */
export function zodProblems(issues: ReadonlyArray<z.core.$ZodIssue>, prefix: ReadonlyArray<PropertyKey> = []): Problem[] {
  return issues.map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    const input = (issue as { input?: unknown }).input;
    const got = input === undefined ? '' : ` (got ${shown(input)})`;
    let message: string;
    switch (issue.code) {
      case 'invalid_type':
        message = input === undefined ? 'is required' : `must be ${article(issue.expected)}${got}`;
        break;
      case 'invalid_value':
        message = `must be ${issue.values.length === 1 ? shown(issue.values[0]) : `one of ${issue.values.map(String).join(', ')}`}${got}`;
        break;
      case 'too_small':
        message = `${sizeWords(issue.origin, 'at least', issue.minimum)}${got}`;
        break;
      case 'too_big':
        message = `${sizeWords(issue.origin, 'at most', issue.maximum)}${got}`;
        break;
      case 'invalid_format':
        message = `${issue.message && !issue.message.startsWith('Invalid') ? issue.message : `must be a valid ${issue.format}`}${got}`;
        break;
      case 'unrecognized_keys':
        message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
        break;
      default:
        message = `${issue.message}${got}`;
    }
    return problem(path, message);
  });
}

function article(expected: string): string {
  if (expected === 'array' || expected === 'object' || expected === 'integer') return `an ${expected}`;
  return `a ${expected}`;
}

function sizeWords(origin: string, bound: string, limit: number | bigint): string {
  if (origin === 'string') return `must have ${bound} ${limit} characters`;
  if (origin === 'array' || origin === 'set') return `must have ${bound} ${limit} items`;
  return `must be ${bound} ${limit}`;
}
