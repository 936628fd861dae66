import type { Activity, Overview } from '../../../src/platform/console/types.js';
import { useApi } from '../hooks.js';
import { href } from '../router.js';
import { IngestChart } from '../chart.js';
import { Empty, ErrorBox, Section, Status, seconds, sum, when } from '../ui.js';

export function OverviewPage() {
  // counts and chart scan the item tables: read once (Refresh reads them again); the activity lists are polled
  const { data, error, loading, reload } = useApi<Overview>('/console/overview');
  const recent = useApi<Activity>('/console/activity', 3000);
  if (!data) return <ErrorBox error={error} />;
  const activity = recent.data ?? { batchJobs: [], runs: [] };
  const indicatorTypes = [...new Set(data.owners.flatMap((o) => Object.keys(o.indicators)))].sort();
  const groupTypes = [...new Set(data.owners.flatMap((o) => Object.keys(o.groups)))].sort();
  return (
    <div class="page">
      <ErrorBox error={error ?? recent.error} />
      <Section
        title="Owners"
        actions={
          <button type="button" onClick={reload} disabled={loading} data-testid="refresh">
            {loading ? 'Counting…' : 'Refresh'}
          </button>
        }
      >
        <table class="grid" data-testid="owner-counts">
          <thead>
            <tr>
              <th>Owner</th>
              <th>Type</th>
              {indicatorTypes.map((t) => (
                <th class="num" key={`i-${t}`}>{t}</th>
              ))}
              {groupTypes.map((t) => (
                <th class="num group" key={`g-${t}`}>{t}</th>
              ))}
              <th class="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {data.owners.map((o) => (
              <tr key={o.id} data-owner={o.name}>
                <td>
                  <a href={href('browse', [], { owner: o.id })}>{o.name}</a>
                </td>
                <td>{o.type}</td>
                {indicatorTypes.map((t) => (
                  <td class="num" key={`i-${t}`} data-type={t}>
                    {o.indicators[t] ? <a href={href('browse', [], { owner: o.id, kind: 'indicator', type: t })}>{o.indicators[t]}</a> : ''}
                  </td>
                ))}
                {groupTypes.map((t) => (
                  <td class="num" key={`g-${t}`} data-type={t}>
                    {o.groups[t] ? <a href={href('browse', [], { owner: o.id, kind: 'group', type: t })}>{o.groups[t]}</a> : ''}
                  </td>
                ))}
                <td class="num">{sum(o.indicators) + sum(o.groups)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="hint">Active indicators by type, then groups by type, as the REST API counts them.</p>
      </Section>
      <Section title={`Items added over time (per ${data.ingest.bucket})`}>
        {data.ingest.series.length ? <IngestChart ingest={data.ingest} /> : <Empty>Nothing ingested yet.</Empty>}
      </Section>
      <div class="columns">
        <Section title="Recent batch jobs" actions={<a href={href('batch')}>all</a>}>
          {activity.batchJobs.length ? (
            <table class="grid">
              <thead>
                <tr>
                  <th>Job</th>
                  <th>Owner</th>
                  <th>Outcome</th>
                  <th class="num">Saved</th>
                  <th class="num">Errors</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {activity.batchJobs.map((j) => (
                  <tr key={j.id}>
                    <td>
                      <a href={href('batch', [j.id])}>#{j.id}</a> {j.action}
                    </td>
                    <td>{j.owner}</td>
                    <td>
                      <Status value={j.outcome} />
                    </td>
                    <td class="num">{j.success}</td>
                    <td class="num">{j.errors}</td>
                    <td>{when(j.created)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty>No batch jobs yet.</Empty>
          )}
        </Section>
        <Section title="Recent job runs" actions={<a href={href('runner')}>all</a>}>
          {activity.runs.length ? (
            <table class="grid">
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Job</th>
                  <th>Status</th>
                  <th class="num">Exit</th>
                  <th>Took</th>
                </tr>
              </thead>
              <tbody>
                {activity.runs.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={href('runs', [r.id])}>#{r.id}</a>
                    </td>
                    <td>{r.job}</td>
                    <td>
                      <Status value={r.status} />
                    </td>
                    <td class="num">{r.exitCode ?? ''}</td>
                    <td>{seconds(r.durationMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty>No job runs yet.</Empty>
          )}
        </Section>
      </div>
    </div>
  );
}
