// The entry point of the docs/app.md example app, started by test/docs/examples.test.ts as the platform would.
import { launch } from '../../src/index.js';
import { App } from './app.js';

// #region run
// src/run.ts (install.json programMain points at its compiled form, dist/run.js)
await launch(App);
// #endregion
