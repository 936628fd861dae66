// The main job behind `npm start`: start the embedded platform, package and install a feed app, run it as a job
// on its bundled sample (or on --source), run it again to show the differential update, and print what was ingested.
import { mkdtempSync, rmSync } from 'node:fs';
import { followRun } from './cli/follow-run.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { adminRequest, type AdminTarget } from './contract/admin-client.js';
import { loadPlatform, type PlatformChild as PlatformProcess } from './testing/platform-package.js';
import { TcClient } from './client/index.js';
import { GROUP_TYPES, INDICATOR_TYPES } from './model/index.js';
import { tcexPackage } from './app/version.js';

interface FeedChoice {
  folder: string;
  sample: string;
}

const FEEDS: Record<string, FeedChoice> = {
  'feodo-tracker': { folder: 'feodo-tracker', sample: 'sample/ipblocklist.csv' },
  urlhaus: { folder: 'urlhaus', sample: 'sample/csv_recent.csv' },
  threatfox: { folder: 'threatfox', sample: 'sample/recent.json' },
  ipsum: { folder: 'ipsum', sample: 'sample/ipsum.txt' },
  'cisa-kev': { folder: 'cisa-kev', sample: 'sample/known_exploited_vulnerabilities.json' },
  'stix-attack': { folder: 'stix-attack', sample: 'sample/ics-attack-excerpt.json' },
  'indicator-list': { folder: 'indicator-list', sample: 'sample/blocklist.txt' },
};

const USAGE = `npm start [-- --source FILE_OR_URL] [--feed ${Object.keys(FEEDS).join('|')}] [--keep]

  --source   run the feed app on another copy of its feed (a file or an http(s) URL) instead of its sample
  --feed     which feed app to run (default feodo-tracker)
  --keep     keep the platform running afterwards, to look around (Ctrl+C stops it)
`;

// the runtime's start-up lines, left out of the progress shown here (they stay in the run's log)
const RUNTIME_BANNER = /^(App:|App features:|tcex-ts |Log level:|API path:|Proxy:|Paths:|Params from:)/;

const out = (line = '') => process.stdout.write(`${line}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function options() {
  const { values } = parseArgs({
    options: { source: { type: 'string' }, feed: { type: 'string', default: 'feodo-tracker' }, keep: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    out(USAGE);
    process.exit(0);
  }
  const feed = FEEDS[values.feed as string];
  if (!feed) throw new Error(`--feed: unknown feed ${JSON.stringify(values.feed)}; choose one of ${Object.keys(FEEDS).join(', ')}`);
  return { feed, feedName: values.feed as string, source: values.source, keep: values.keep as boolean };
}

async function admin<T = any>(platform: AdminTarget, method: string, path: string, body?: unknown, raw?: Buffer): Promise<T> {
  const res = await adminRequest<any>(platform, method, path, { json: body, raw });
  if (!res.ok) throw new Error(`${method} /_platform${path}: ${res.body.error ?? res.status}`);
  return res.body as T;
}

/** Follows a running job: each log message whole, and a live status line on a terminal (src/cli/follow-run.ts). */
async function follow(platform: PlatformProcess, runId: number): Promise<any> {
  return followRun({ poll: () => admin(platform, 'GET', `/runs/${runId}`), skip: RUNTIME_BANNER });
}

async function count(client: TcClient, path: string, owner: string): Promise<number> {
  const data = await client.v2<{ resultCount?: number }>('GET', path, { query: { owner, resultLimit: 1 } });
  return data.resultCount ?? 0;
}

/** What the owner now holds, by indicator and group type, through the REST API. */
async function ingested(client: TcClient, owner: string): Promise<Array<[string, number]>> {
  const rows: Array<[string, number]> = [];
  for (const t of INDICATOR_TYPES) {
    const n = await count(client, `/v2/indicators/${t.branch}`, owner).catch(() => 0);
    if (n) rows.push([t.name, n]);
  }
  for (const g of GROUP_TYPES) {
    const n = await count(client, `/v2/groups/${g.branch}`, owner).catch(() => 0);
    if (n) rows.push([g.name, n]);
  }
  return rows;
}

function printRun(label: string, run: any): void {
  out(`  ${label}: ${run.status} (exit code ${run.exitCode ?? 'none'}) in ${secs(run.durationMs ?? 0)}`);
  out(`  message.tc: ${run.message}`);
}

async function main(): Promise<number> {
  const opts = options();
  const started = Date.now();
  const root = tcexPackage().root;
  const appDir = join(root, 'examples', 'feeds', opts.feed.folder);
  const source = opts.source === undefined ? opts.feed.sample : /^https?:\/\//i.test(opts.source) ? opts.source : resolve(opts.source);

  out('tcex main job: a threat-intelligence feed, end to end, on a local ThreatConnect-compatible platform');
  out();
  // in a process of its own: its synchronous SQLite ingest would otherwise stop this one's progress display
  const { startPlatformProcess, consoleUrl } = await loadPlatform();
  const platform = await startPlatformProcess();
  const client = new TcClient({ apiPath: platform.url, accessId: platform.accessId, secretKey: platform.secretKey });
  const work = mkdtempSync(join(tmpdir(), 'tcex-main-job-'));
  let status = 0;
  try {
    out(`1. Platform listening at ${platform.url} (in memory)`);

    let t = Date.now();
    const { packageFeedApp } = await import('./feed/package-app.js');
    const pkg = await packageFeedApp(appDir, work);
    const app = await admin(platform, 'POST', '/apps', undefined, (await import('node:fs')).readFileSync(pkg.file));
    out(`2. Packaged and installed ${pkg.folder}.tcx: ${app.displayName} ${app.programVersion} (${secs(Date.now() - t)})`);

    // as the Feed Deployer does: the feed's data goes to a Source named after it, which the job's user may write
    const sourceName: string = app.installJson.feeds?.[0]?.sourceName ?? app.displayName;
    await admin(platform, 'POST', '/owners', { name: sourceName, type: 'Source', defaultUser: 'write' });
    const job = await admin(platform, 'POST', '/jobs', { app: app.folder, name: `${app.displayName} (main job)`, params: { tc_owner: sourceName, source } });
    out(`3. Job ${job.id} "${job.name}": owner "${sourceName}", source ${source}`);

    out(`4. Running the job (the runner passes params in an encrypted file, with a token and its own paths):`);
    t = Date.now();
    const first = await follow(platform, (await admin(platform, 'POST', `/jobs/${job.id}/run`, {})).id);
    printRun(`run ${first.id}`, first);
    if (first.status === 'Failed') status = 1;

    const counts = await ingested(client, sourceName);
    out();
    out(`5. Ingested into "${sourceName}" (read back through the REST API):`);
    if (counts.length === 0) out('    nothing');
    for (const [type, n] of counts) out(`    ${type.padEnd(14)} ${String(n).padStart(7)}`);

    if (first.status !== 'Failed') {
      out();
      out(`6. Running it again: results.tc from run ${first.id} came back as params, so only changes are sent:`);
      const second = await follow(platform, (await admin(platform, 'POST', `/jobs/${job.id}/run`, {})).id);
      printRun(`run ${second.id}`, second);
      if (second.status === 'Failed') status = 1;
    }

    out();
    out(`Done in ${secs(Date.now() - started)}. Status: ${status === 0 ? 'OK' : 'FAILED'}.`);
    out();
    out('To look further:');
    if (!opts.keep) out('  npm start -- --keep                        keep the platform running afterwards and query it');
    out(`  npm start -- --feed urlhaus --source examples/feeds/data/urlhaus-recent.csv   another copy of the feed (file or URL)`);
    out(`  npm start -- --feed threatfox              another feed app (${Object.keys(FEEDS).join(', ')})`);
    out(`  docs/feeds.md                              how the feed apps and the job runner work`);
    if (opts.keep) {
      const at = `--platform ${platform.origin} --admin-key ${platform.adminKey}`;
      out();
      out(`The platform keeps running at ${platform.url} (Ctrl+C stops it).`);
      out(`  Web console: ${consoleUrl(platform.origin, platform.adminKey)}`);
      out('Or try:');
      out(`  npx tcex platform jobs ${at}`);
      out(`  npx tcex platform runs ${at}`);
      out(`  npx tcex platform runs --log ${first.id} ${at}`);
      out(`  npx tcex platform run ${job.id} ${at}`);
      out(`  curl -H 'Authorization: Bearer ${platform.adminKey}' '${platform.adminUrl}/jobs/${job.id}/results'     (what results.tc carries between runs)`);
      out(`  API: tc_api_path ${platform.url}, tc_api_access_id ${platform.accessId}, tc_api_secret_key ${platform.secretKey}`);
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
    }
  } finally {
    await client.close();
    await platform.close();
    rmSync(work, { recursive: true, force: true });
  }
  return status;
}

try {
  process.exitCode = await main();
} catch (err) {
  process.stderr.write(`npm start: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
