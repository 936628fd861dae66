import { useEffect, useRef, useState } from 'preact/hooks';
import type { RunDetail, RunnerView } from '../../../src/platform/console/types.js';
import { api, ApiError } from '../api.js';
import { useApi } from '../hooks.js';
import { go, href, type Route } from '../router.js';
import { Empty, ErrorBox, Section, Status, seconds, when } from '../ui.js';

export function RunnerPage() {
  const { data, error, reload } = useApi<RunnerView>('/console/runner', 2000);
  const [runError, setRunError] = useState<ApiError | undefined>();
  if (!data) return <ErrorBox error={error} />;
  const runNow = async (job: number) => {
    setRunError(undefined);
    try {
      const run = await api<{ id: number }>(`/jobs/${job}/run`, { method: 'POST', body: {} });
      reload();
      go(href('runs', [run.id]));
    } catch (err) {
      setRunError(err as ApiError);
    }
  };
  return (
    <div class="page">
      <Section title="Installed apps">
        {data.apps.length ? (
          <table class="grid" data-testid="apps">
            <thead>
              <tr>
                <th>App</th>
                <th>Version</th>
                <th>Folder</th>
                <th>Parameters (install.json)</th>
                <th>Installed</th>
              </tr>
            </thead>
            <tbody>
              {data.apps.map((a) => (
                <tr key={a.id}>
                  <td>{a.name}</td>
                  <td>{a.version}</td>
                  <td>
                    <code>{a.folder}</code>
                  </td>
                  <td>
                    {a.params.map((p) => (
                      <span class="param" key={p.name} title={`${p.label} (${p.type})${p.default !== null ? `, default ${JSON.stringify(p.default)}` : ''}`}>
                        {p.name}
                        {p.required ? '*' : ''}
                        {p.encrypt ? ' 🔒' : ''}
                      </span>
                    ))}
                  </td>
                  <td>{when(a.installed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No apps installed. Install one with `tcex platform install app.tcx`.</Empty>
        )}
      </Section>
      <Section title="Jobs">
        <ErrorBox error={runError} title="Run now refused" />
        {data.jobs.length ? (
          <table class="grid" data-testid="jobs">
            <thead>
              <tr>
                <th>Job</th>
                <th>App</th>
                <th>Schedule</th>
                <th>Next run</th>
                <th>Last run</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.jobs.map((j) => (
                <tr key={j.id} data-job={j.name}>
                  <td>
                    #{j.id} {j.name}
                    <code class="params">
                      {Object.entries(j.params)
                        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
                        .join('  ')}
                    </code>
                  </td>
                  <td>
                    <code>{j.app}</code>
                  </td>
                  <td>
                    {j.schedule ?? 'on demand'}
                    {j.enabled ? '' : ' (disabled)'}
                  </td>
                  <td>{j.running ? <a href={href('runs', [j.running])}>running now</a> : when(j.nextRun)}</td>
                  <td>
                    {j.lastRun ? (
                      <>
                        <a href={href('runs', [j.lastRun.id])}>#{j.lastRun.id}</a> <Status value={j.lastRun.status} />
                      </>
                    ) : (
                      ''
                    )}
                  </td>
                  <td>
                    <button type="button" disabled={j.running !== null} onClick={() => runNow(j.id)} data-testid="run-now">
                      Run now
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No jobs defined.</Empty>
        )}
      </Section>
      <Section title="Runs">
        <RunTable runs={data.runs} />
      </Section>
    </div>
  );
}

function RunTable({ runs }: { runs: RunnerView['runs'] }) {
  if (!runs.length) return <Empty>No runs yet.</Empty>;
  return (
    <table class="grid" data-testid="runs">
      <thead>
        <tr>
          <th>Run</th>
          <th>Job</th>
          <th>Trigger</th>
          <th>Status</th>
          <th class="num">Exit code</th>
          <th>message.tc</th>
          <th>Started</th>
          <th>Took</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <td>
              <a href={href('runs', [r.id])}>#{r.id}</a>
            </td>
            <td>{r.job}</td>
            <td>{r.trigger}</td>
            <td>
              <Status value={r.status} />
            </td>
            <td class="num">{r.exitCode ?? ''}</td>
            <td class="value">{r.message ?? ''}</td>
            <td>{when(r.started)}</td>
            <td>{seconds(r.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One run: status, exit code, message.tc, results.tc and the log tail, polled while the run goes on. */
export function RunPage({ route }: { route: Route }) {
  const id = route.parts[0];
  const [running, setRunning] = useState(true);
  const { data, error } = useApi<RunDetail>(`/console/runs/${encodeURIComponent(id)}?tail=300`, running ? 1000 : undefined);
  useEffect(() => setRunning(!data || data.status === 'Running'), [data?.status]);
  const log = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [data?.logTail]);
  if (!data) return <ErrorBox error={error} />;
  return (
    <div class="page">
      <Section title={`Run #${data.id} of ${data.job}`} actions={<a href={href('runner')}>job runner</a>}>
        <dl class="fields" data-testid="run">
          <dt>status</dt>
          <dd data-testid="run-status">
            <Status value={data.status} />
          </dd>
          <dt>exit code</dt>
          <dd data-testid="run-exit">{data.exitCode ?? ''}</dd>
          <dt>trigger</dt>
          <dd>{data.trigger}</dd>
          <dt>started</dt>
          <dd>{when(data.started)}</dd>
          <dt>took</dt>
          <dd>{seconds(data.durationMs)}</dd>
          <dt>message.tc</dt>
          <dd data-testid="run-message">{data.message ?? ''}</dd>
          <dt>results.tc</dt>
          <dd>
            {data.results && Object.keys(data.results).length ? (
              <table class="grid narrow" data-testid="run-results">
                <tbody>
                  {Object.entries(data.results).map(([k, v]) => (
                    <tr key={k}>
                      <td>
                        <code>{k}</code>
                      </td>
                      <td class="value">{v}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              'none'
            )}
          </dd>
        </dl>
      </Section>
      <Section title={`Log (last ${Math.min(300, data.logLines)} of ${data.logLines} lines${data.status === 'Running' ? ', live' : ''})`}>
        <pre class="log" ref={log} data-testid="run-log">
          {data.logTail}
        </pre>
      </Section>
    </div>
  );
}
