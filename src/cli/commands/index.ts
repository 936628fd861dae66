import type { Command } from 'commander';
import { register as platform } from './platform.js';

// Each command file exports register(program); add new commands to this list.
const registrars: Array<(program: Command) => void> = [platform];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
}
