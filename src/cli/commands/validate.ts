import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { readJsonFile, validateInstallJson, validateJobFile } from '../../contract/install-json.js';
import { formatProblem, problem, type Problem } from '../../core/problems.js';
import { validateTcexJson } from '../../contract/tcex-json.js';
import { programMainFile } from '../../contract/tcx.js';

export interface FileProblems {
  file: string;
  problems: Problem[];
}

function parse(file: string): { value?: unknown; problems: Problem[] } {
  try {
    return { value: readJsonFile(file), problems: [] };
  } catch (err) {
    return { problems: [problem('(file)', (err as Error).message.replace(`${file}: `, ''))] };
  }
}

/** Checks an app directory: install.json, tcex.json, each feed's job and attributes files, programMain. */
export function validateAppDir(dir: string): FileProblems[] {
  const root = resolve(dir);
  const report: FileProblems[] = [];
  const installFile = join(root, 'install.json');
  const ij = parse(installFile);
  const checked = ij.value === undefined ? undefined : validateInstallJson(ij.value);
  const installProblems = [...ij.problems, ...(checked?.problems ?? [])];
  const value = checked?.value ?? (ij.value as any);
  if (value && typeof value.programMain === 'string' && value.programLanguage === 'NODE') {
    const main = programMainFile(root, value);
    if (!existsSync(main)) installProblems.push(problem('programMain', `${main.slice(root.length + 1)} does not exist yet (build the app)`, 'warning'));
  }
  report.push({ file: 'install.json', problems: installProblems });

  const tcexFile = join(root, 'tcex.json');
  if (existsSync(tcexFile)) {
    const t = parse(tcexFile);
    report.push({ file: 'tcex.json', problems: [...t.problems, ...(t.value === undefined ? [] : validateTcexJson(t.value).problems)] });
  } else report.push({ file: 'tcex.json', problems: [problem('(file)', 'not found; `tcex package` needs it for package.app_name', 'warning')] });

  const feeds: any[] = Array.isArray(value?.feeds) ? value.feeds : [];
  feeds.forEach((feed) => {
    for (const key of ['jobFile', 'attributesFile'] as const) {
      if (typeof feed?.[key] !== 'string') continue;
      const file = join(root, feed[key]);
      if (!existsSync(file)) {
        report.push({ file: feed[key], problems: [problem('(file)', `named by feeds[].${key} but not found`)] });
        continue;
      }
      const parsed = parse(file);
      const problems = [...parsed.problems];
      if (key === 'jobFile' && parsed.value !== undefined) {
        // cross-check with whatever params install.json names, even when it has problems of its own
        const params = Array.isArray(value?.params) ? value.params.filter((p: any) => typeof p?.name === 'string') : [];
        problems.push(...validateJobFile(parsed.value, { params }, '(job)'));
      }
      if (key === 'attributesFile' && parsed.value !== undefined) {
        const a = parsed.value as any;
        if (!Array.isArray(a?.types)) problems.push(problem('types', 'must be an array'));
        if (a?.validationRules !== undefined && !Array.isArray(a.validationRules)) problems.push(problem('validationRules', 'must be an array'));
      }
      report.push({ file: feed[key], problems });
    }
  });
  return report;
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('check an app directory: install.json, tcex.json, feed job files, programMain')
    .argument('[dir]', 'app directory', '.')
    .action((dir: string) => {
      const report = validateAppDir(dir);
      let errors = 0;
      let warnings = 0;
      for (const { file, problems } of report) {
        const e = problems.filter((p) => p.severity === 'error').length;
        errors += e;
        warnings += problems.length - e;
        process.stdout.write(`${file}: ${problems.length === 0 ? 'ok' : `${e} error(s), ${problems.length - e} warning(s)`}\n`);
        for (const p of problems) process.stdout.write(`  ${formatProblem(p)}\n`);
      }
      process.stdout.write(`${errors === 0 ? 'valid' : 'invalid'}: ${errors} error(s), ${warnings} warning(s)\n`);
      if (errors > 0) process.exitCode = 1;
    });
}
