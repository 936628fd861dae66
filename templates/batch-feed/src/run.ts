// The app's entry point (install.json programMain is its compiled form, dist/run.js).
import { launch } from 'tcex';
import { App } from './app.js';

await launch(App);
