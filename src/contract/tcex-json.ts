import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, type ValidationResult } from './install-json.js';
import { formatProblem, problem, zodProblems } from '../core/problems.js';

export const TcexJsonSchema = z.looseObject({
  package: z.looseObject({
    app_name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must hold only letters, digits, _ . - (no spaces)'),
    app_version: z.string().regex(/^v\d+$/, 'must look like v1').optional(),
    excludes: z.array(z.string()).optional(),
    output_dir: z.string().min(1).optional(),
    outdir: z.string().min(1).optional(),
    /** production dependencies not to bundle (e.g. the platform's native database driver) */
    exclude_dependencies: z.array(z.string()).optional(),
  }),
  template_name: z.string().optional(),
  template_type: z.string().optional(),
  run: z
    .looseObject({
      /** what `tcex run` starts; a .ts file runs through tsx */
      entry: z.string().min(1).optional(),
      inputs: z.string().min(1).optional(),
      profile_dir: z.string().min(1).optional(),
    })
    .optional(),
});
export type TcexJson = z.infer<typeof TcexJsonSchema>;

export function validateTcexJson(input: unknown): ValidationResult<TcexJson> {
  const parsed = TcexJsonSchema.safeParse(input, { reportInput: true });
  const problems = parsed.success ? [] : zodProblems(parsed.error.issues);
  const excludes = (input as any)?.package?.excludes;
  if (Array.isArray(excludes)) {
    excludes.forEach((e: unknown, i: number) => {
      if (e === 'install.json' || e === 'package.json') {
        problems.push(problem(`package.excludes[${i}]`, `${e} must be in the package and cannot be excluded`));
      }
    });
  }
  return { problems, value: problems.some((p) => p.severity === 'error') ? undefined : parsed.data };
}

/** Reads `<dir>/tcex.json`; throws listing every error. */
export function loadTcexJson(dir: string): TcexJson {
  const file = join(dir, 'tcex.json');
  if (!existsSync(file)) throw new Error(`${file}: not found (tcex.json names the package: {"package": {"app_name": ...}})`);
  const result = validateTcexJson(readJsonFile(file));
  if (!result.value) throw new Error(`${file}: ${result.problems.map(formatProblem).join('; ')}`);
  return result.value;
}

export function outputDir(tcex: TcexJson): string {
  return tcex.package.output_dir ?? tcex.package.outdir ?? 'target';
}
