import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { TcClient } from '../../client/client.js';
import { createFormatter, checkFormat, type EscapeMode, type RecordKind } from '../../formats/index.js';
import { ResourceQuery, resourceSpec, type PostFilterField, type PostOperator } from '../../filters/index.js';

// `tcex export --format cef|leef|csv|kv|json`: everything one filter selects, written as it arrives.

export interface ExportOptions {
  format: string;
  resource: string;
  apiPath?: string;
  accessId?: string;
  secretKey?: string;
  token?: string;
  owner: string[];
  type?: string;
  tag: string[];
  securityLabel: string[];
  indicator: string[];
  group: string[];
  taskId: string[];
  victimId: string[];
  id: string[];
  post: string[];
  modifiedSince?: string;
  mode: string;
  resultLimit?: number;
  output?: string;
}

const POST_OPS: Record<string, PostOperator> = { '=': 'EQ', '==': 'EQ', '!=': 'NE', '>': 'GT', '>=': 'GE', '<': 'LT', '<=': 'LE' };
const NUMERIC = new Set(['confidence', 'rating', 'threatAssessConfidence', 'threatAssessRating']);

/** `rating>=3`, `dateAdded>2020-01-01`, `tag=APT`, `name!=Bad Guy` → a post filter. */
export function parsePost(expr: string): { field: PostFilterField; operator: PostOperator; value: string | number } {
  const m = /^\s*([A-Za-z]+)\s*(==|!=|>=|<=|=|>|<)\s*(.+?)\s*$/.exec(expr);
  if (!m) throw new Error(`--post: cannot read ${JSON.stringify(expr)}; use <field><op><value> with one of = != > >= < <=, e.g. rating>=3`);
  const [, field, op, raw] = m;
  const value = NUMERIC.has(field) ? Number(raw) : raw;
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`--post: ${field} needs a number, got ${JSON.stringify(raw)}`);
  return { field: field as PostFilterField, operator: POST_OPS[op], value };
}

/** Runs an export to `out`; progress and the summary go to `progress`. Returns the number of records written. */
export async function runExport(opts: ExportOptions, out: Writable, progress: Writable): Promise<number> {
  const spec = resourceSpec(opts.resource);
  const kind: RecordKind = spec.kind === 'indicators' ? 'indicator' : spec.kind === 'groups' ? 'group' : failKind(spec.name);
  checkFormat(opts.format, kind);
  if (opts.mode !== 'spec' && opts.mode !== 'legacy') throw new Error(`--mode: must be spec or legacy, got ${JSON.stringify(opts.mode)}`);
  const apiPath = opts.apiPath ?? process.env.TC_API_PATH;
  if (!apiPath) throw new Error('--api-path: missing (or set TC_API_PATH)');
  const client = new TcClient({
    apiPath,
    accessId: opts.accessId ?? process.env.TC_API_ACCESS_ID,
    secretKey: opts.secretKey ?? process.env.TC_API_SECRET_KEY,
    token: opts.token ?? process.env.TC_TOKEN,
    resultLimit: opts.resultLimit,
  });
  const tty = Boolean((progress as NodeJS.WriteStream).isTTY);
  let written = 0;
  const query = new ResourceQuery(client, opts.resource, {
    onRequest: ({ description, owner, results }) => {
      if (tty) progress.write('\r\x1b[K');
      progress.write(`export: ${description}${owner ? ` (${owner})` : ''}: ${results} item(s)\n`);
    },
  });
  try {
    if (opts.modifiedSince) query.modifiedSince(opts.modifiedSince);
    const f = query.addFilter(opts.type ? { indicatorType: opts.type } : {});
    if (opts.owner.length) f.owner(opts.owner);
    for (const t of opts.tag) f.tag(t);
    for (const l of opts.securityLabel) f.securityLabel(l);
    for (const v of opts.indicator) f.indicator(v);
    for (const g of opts.group) {
      const m = /^(.+):(\d+)$/.exec(g);
      if (!m) throw new Error(`--group: use <type>:<id>, e.g. Adversary:12, got ${JSON.stringify(g)}`);
      f.groupId(m[1], Number(m[2]));
    }
    for (const id of opts.taskId) f.taskId(Number(id));
    for (const id of opts.victimId) f.victimId(Number(id));
    for (const id of opts.id) f.id(Number(id));
    for (const p of opts.post) {
      const { field, operator, value } = parsePost(p);
      f.postFilter(field, value, operator);
    }

    const formatter = createFormatter(opts.format, kind, { mode: opts.mode as EscapeMode });
    const write = async (text: string) => {
      if (text && !out.write(text)) await once(out, 'drain');
    };
    await write(formatter.begin());
    for await (const item of query.stream()) {
      await write(formatter.record(item));
      written += 1;
      if (tty && written % 1000 === 0) progress.write(`\r\x1b[Kexport: ${written} record(s) written`);
    }
    await write(formatter.end());
    if (tty) progress.write('\r\x1b[K');
    const failures = query.report.failures.length;
    progress.write(`export: ${written} record(s) written, ${client.report.apiCalls} API call(s)${failures ? `, ${failures} filter(s) found nothing (404)` : ''}\n`);
    return written;
  } finally {
    await client.close();
  }
}

/**
 * Writes into a temporary file beside the output and renames it only when the export succeeded, so a failure
 * (bad credentials, a lost connection) never leaves a header-only or half file, nor destroys an earlier export.
 */
async function exportToFile(opts: ExportOptions, output: string): Promise<void> {
  const temp = `${output}.${process.pid}.partial`;
  const out = createWriteStream(temp);
  try {
    await runExport(opts, out, process.stderr);
    out.end();
    await once(out, 'finish');
    await rename(temp, output);
  } catch (err) {
    // the file may still be opening when the export fails: remove it only once the stream has closed it
    // (a write still queued then fails on the destroyed stream: that is not the error to report)
    out.on('error', () => {});
    out.destroy();
    if (!out.closed) await new Promise<void>((closed) => out.once('close', () => closed()));
    await rm(temp, { force: true });
    throw err;
  }
}

function failKind(name: string): never {
  throw new Error(`--resource: ${name} cannot be exported; use indicators, groups or a group type`);
}

const many = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  program
    .command('export')
    .description('export the indicators or groups a filter selects as CEF, LEEF, CSV, key/value or JSON (streamed)')
    .requiredOption('-f, --format <format>', 'cef, leef, csv, kv or json')
    .option('-r, --resource <name>', 'indicators, groups, or a group type (adversaries, Incident, ...)', 'indicators')
    .option('--api-path <url>', 'tc_api_path (default: TC_API_PATH)')
    .option('--access-id <id>', 'API access id (default: TC_API_ACCESS_ID)')
    .option('--secret-key <key>', 'API secret key (default: TC_API_SECRET_KEY; prefer the variable)')
    .option('--token <token>', 'API token instead of HMAC keys (default: TC_TOKEN)')
    .option('-o, --owner <name>', 'owner to read (repeatable; default: your organization)', many, [])
    .option('-t, --type <indicatorType>', 'only this indicator type (typed endpoints)')
    .option('--tag <name>', 'API filter: items with this tag (repeatable; filters are joined)', many, [])
    .option('--security-label <name>', 'API filter: items with this security label (repeatable)', many, [])
    .option('--indicator <value>', 'API filter: this indicator, or items associated with it (repeatable)', many, [])
    .option('--group <type:id>', 'API filter: items associated with this group, e.g. Adversary:12 (repeatable)', many, [])
    .option('--task-id <id>', 'API filter: items associated with this task (repeatable)', many, [])
    .option('--victim-id <id>', 'API filter: items associated with this victim (repeatable)', many, [])
    .option('--id <id>', 'API filter: the item with this id (typed group containers)', many, [])
    .option('--post <expr>', 'post filter, all must match: rating>=3, dateAdded>2020-01-01, tag=APT (repeatable)', many, [])
    .option('--modified-since <date>', 'only indicators modified at or after this ISO-8601 date')
    .option('--mode <mode>', 'spec (escaped) or legacy (byte-identical to the Python SDK)', 'spec')
    .option('--result-limit <n>', 'page size, 1 to 10000', (v) => Number(v))
    .option('--output <file>', 'write here instead of stdout')
    .action(async (opts: ExportOptions) => {
      if (!opts.output) return void (await runExport(opts, process.stdout, process.stderr));
      await exportToFile(opts, opts.output);
    });
}
