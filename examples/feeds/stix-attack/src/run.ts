// The app's entry point (install.json programMain points at its bundle, dist/run.js).
import { launch } from '../../../../src/app/index.js';
import { App } from './app.js';

await launch(App);
