import type { BatchJobDetail, BatchJobSummary } from '../../../src/platform/console/types.js';
import { useApi } from '../hooks.js';
import { href, type Route } from '../router.js';
import { Empty, ErrorBox, Section, Status, when } from '../ui.js';

export function BatchPage({ route }: { route: Route }) {
  return route.parts[0] ? <BatchJob id={route.parts[0]} /> : <BatchList />;
}

function BatchList() {
  const { data, error } = useApi<{ jobs: BatchJobSummary[] }>('/console/batch-jobs?limit=100', 3000);
  if (!data) return <ErrorBox error={error} />;
  return (
    <div class="page">
      <Section title="Batch jobs">
        {data.jobs.length ? (
          <table class="grid" data-testid="batch-jobs">
            <thead>
              <tr>
                <th>Job</th>
                <th>Owner</th>
                <th>Action</th>
                <th>Status</th>
                <th>Outcome</th>
                <th class="num">Saved</th>
                <th class="num">Errors</th>
                <th class="num">Not processed</th>
                <th>Halt on error</th>
                <th>Created</th>
                <th>Completed</th>
              </tr>
            </thead>
            <tbody>
              {data.jobs.map((j) => (
                <tr key={j.id} data-job={j.id}>
                  <td>
                    <a href={href('batch', [j.id])}>#{j.id}</a>
                  </td>
                  <td>{j.owner}</td>
                  <td>{j.action}</td>
                  <td>{j.status}</td>
                  <td>
                    <Status value={j.outcome} />
                  </td>
                  <td class="num">{j.success}</td>
                  <td class="num">{j.errors}</td>
                  <td class="num">{j.unprocessed}</td>
                  <td>{j.haltOnError ? 'yes' : 'no'}</td>
                  <td>{when(j.created)}</td>
                  <td>{when(j.completed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No batch jobs yet.</Empty>
        )}
      </Section>
    </div>
  );
}

function BatchJob({ id }: { id: string }) {
  const { data, error } = useApi<BatchJobDetail>(`/console/batch-jobs/${encodeURIComponent(id)}`, 3000);
  if (!data) return <ErrorBox error={error} />;
  const kinds = ['group', 'indicator', 'association'] as const;
  return (
    <div class="page">
      <Section title={`Batch job #${data.id}`} actions={<a href={href('batch')}>all batch jobs</a>}>
        <p>
          <Status value={data.outcome} /> {data.action} into <strong>{data.owner}</strong>, {data.status.toLowerCase()}
          {data.completed ? ` at ${when(data.completed)}` : ''}; halt on error: {data.haltOnError ? 'yes' : 'no'}.
        </p>
        <table class="grid narrow" data-testid="batch-counts">
          <thead>
            <tr>
              <th />
              <th class="num">Saved</th>
              <th class="num">Errors</th>
              <th class="num">Not processed</th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => (
              <tr key={k}>
                <td>{k}s</td>
                <td class="num">{data.counts.success[k]}</td>
                <td class="num">{data.counts.error[k]}</td>
                <td class="num">{data.counts.unprocessed[k]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={`Errors (${data.errorList.length})`}>
        {data.errorList.length ? (
          <table class="grid" data-testid="batch-errors">
            <thead>
              <tr>
                <th>Code</th>
                <th>Severity</th>
                <th>Reason</th>
                <th>Failing item</th>
              </tr>
            </thead>
            <tbody>
              {data.errorList.map((e, i) => (
                <tr key={i}>
                  <td>{e.code}</td>
                  <td>{e.severity}</td>
                  <td class="value">{e.errorReason}</td>
                  <td>
                    <code class="source">{e.errorSource}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No errors.</Empty>
        )}
      </Section>
      <Section title="Configuration">
        <pre class="json">{JSON.stringify(data.config, null, 2)}</pre>
      </Section>
    </div>
  );
}
