import type { Command } from 'commander';
import { register as platform } from './platform.js';
import { register as exportCommand } from './export.js';
import { register as init } from './init.js';
import { register as run } from './run.js';
import { register as packageCommand } from './package.js';
import { register as validate } from './validate.js';

// Each command file exports register(program); add new commands to this list.
const registrars: Array<(program: Command) => void> = [platform, exportCommand, init, run, packageCommand, validate];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
}
