import { relative } from 'node:path';
import type { Command } from 'commander';
import { packageApp, type PackageStep } from '../../app/packager.js';

/** A bar on a terminal while files are added; one line per step elsewhere (CI logs). */
export function packageProgress(stream: NodeJS.WriteStream = process.stdout): (step: PackageStep) => void {
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  let drawn = false;
  return (s) => {
    if (s.step === 'zip') {
      if (!tty || !s.total) return;
      const width = 30;
      const filled = Math.round(((s.done ?? 0) / s.total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${s.done}/${s.total} files`);
      drawn = true;
      return;
    }
    if (drawn) stream.write('\n');
    drawn = false;
    if (s.step !== 'done') stream.write(`${s.step}: ${s.detail}\n`);
  };
}

export function register(program: Command): void {
  program
    .command('package')
    .description('build the app and write a .tcx (one top folder <app_name>_v<major>, production dependencies bundled)')
    .argument('[dir]', 'app directory', '.')
    .option('-o, --output <dir>', 'output directory (default tcex.json package.output_dir, else target)')
    .option('--no-build', 'do not build first (by default the package.json build script runs, else tsc -p tsconfig.json)')
    .action(async (dir: string, opts: { output?: string; build: boolean }) => {
      const result = await packageApp(dir, { output: opts.output, build: opts.build ? undefined : false, onProgress: packageProgress() });
      const where = relative(process.cwd(), result.file) || result.file;
      process.stdout.write(
        `packaged ${result.folder}: ${result.files} file(s), ${result.dependencies} bundled package(s), ${(result.bytes / 1024).toFixed(0)} KiB -> ${where}\n`,
      );
    });
}
