// `npm run build` in a feed app folder: bundles src/run.ts into the programMain named by install.json.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleApp } from '../../src/feed/package-app.js';

const appDir = resolve(process.argv[2] ?? '.');
const { programMain } = JSON.parse(readFileSync(join(appDir, 'install.json'), 'utf8'));
await bundleApp(appDir, join(appDir, programMain));
process.stdout.write(`built ${join(appDir, programMain)}\n`);
