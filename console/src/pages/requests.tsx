import { useEffect, useRef, useState } from 'preact/hooks';
import type { RequestEntry, RequestsPage } from '../../../src/platform/console/types.js';
import { api, ApiError } from '../api.js';
import { useApi } from '../hooks.js';
import { Empty, ErrorBox, Section } from '../ui.js';

interface FaultRule {
  id: number;
  path: string;
  method?: string;
  status?: number;
  message?: string;
  retryAfter?: string | number;
  latencyMs?: number;
  drop?: boolean;
  rate: number;
  times?: number;
  hits: number;
}

const KEEP = 500;

export function RequestsPageView() {
  return (
    <div class="page">
      <Faults />
      <RequestLog />
    </div>
  );
}

function Faults() {
  const { data, error, reload } = useApi<{ faults: FaultRule[] }>('/faults', 3000);
  const [form, setForm] = useState({ path: '^/v2/indicators', method: '', status: '503', latencyMs: '', times: '', rate: '1', drop: false });
  const [problem, setProblem] = useState<ApiError | undefined>();
  const add = async (e: Event) => {
    e.preventDefault();
    setProblem(undefined);
    const rule: Record<string, unknown> = { path: form.path, rate: Number(form.rate) };
    if (form.method) rule.method = form.method;
    if (form.status) rule.status = Number(form.status);
    if (form.latencyMs) rule.latencyMs = Number(form.latencyMs);
    if (form.times) rule.times = Number(form.times);
    if (form.drop) rule.drop = true;
    try {
      await api('/faults', { method: 'POST', body: rule });
      reload();
    } catch (err) {
      setProblem(err as ApiError);
    }
  };
  const remove = async (id: number) => {
    try {
      await api(`/faults/${id}`, { method: 'DELETE' });
    } catch (err) {
      setProblem(err as ApiError);
    }
    reload();
  };
  const field = (name: keyof typeof form, label: string, placeholder = '') => (
    <label>
      {label}
      <input
        value={form[name] as string}
        placeholder={placeholder}
        onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
        data-testid={`fault-${name}`}
        spellcheck={false}
      />
    </label>
  );
  return (
    <Section title="Fault rules">
      <ErrorBox error={error} />
      <form class="filters" onSubmit={add}>
        {field('path', 'Path regex')}
        <label>
          Method
          <select value={form.method} onChange={(e) => setForm({ ...form, method: e.currentTarget.value })}>
            <option value="">any</option>
            {['GET', 'POST', 'PUT', 'DELETE'].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        {field('status', 'Status', '503')}
        {field('latencyMs', 'Latency ms')}
        {field('times', 'Times')}
        {field('rate', 'Rate 0-1')}
        <label class="check">
          <input type="checkbox" checked={form.drop} onChange={(e) => setForm({ ...form, drop: e.currentTarget.checked })} /> drop
        </label>
        <button type="submit" data-testid="fault-add">
          Add rule
        </button>
      </form>
      <ErrorBox error={problem} title="Rule refused" />
      {data?.faults.length ? (
        <table class="grid" data-testid="faults">
          <thead>
            <tr>
              <th>#</th>
              <th>Path</th>
              <th>Method</th>
              <th>Effect</th>
              <th class="num">Rate</th>
              <th class="num">Hits</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.faults.map((f) => (
              <tr key={f.id}>
                <td>{f.id}</td>
                <td>
                  <code>{f.path}</code>
                </td>
                <td>{f.method ?? 'any'}</td>
                <td>
                  {[f.status ? `answer ${f.status}` : '', f.latencyMs ? `wait ${f.latencyMs} ms` : '', f.drop ? 'drop the connection' : '']
                    .filter(Boolean)
                    .join(', ')}
                  {f.times ? ` (${f.times} times)` : ''}
                </td>
                <td class="num">{f.rate}</td>
                <td class="num">{f.hits}</td>
                <td>
                  <button type="button" onClick={() => remove(f.id)} data-testid="fault-remove">
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>No fault rules: every request is handled normally.</Empty>
      )}
    </Section>
  );
}

/** The API request log, newest first, fetched incrementally (only entries after the last one seen). */
function RequestLog() {
  const [entries, setEntries] = useState<RequestEntry[]>([]);
  const [error, setError] = useState<ApiError | undefined>();
  const [paused, setPaused] = useState(false);
  const last = useRef(0);
  const page = useApi<RequestsPage>(paused ? null : `/console/requests?after=${last.current}&limit=${KEEP}`, 1000);
  useEffect(() => {
    if (page.error) setError(page.error);
    if (!page.data) return;
    setError(undefined);
    const fresh = page.data.requests.filter((r) => r.seq > last.current);
    last.current = Math.max(last.current, page.data.last);
    if (fresh.length) setEntries((old) => [...fresh.reverse(), ...old].slice(0, KEEP));
  }, [page.data, page.error]);
  return (
    <Section
      title="Requests (live)"
      actions={
        <button type="button" onClick={() => setPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
      }
    >
      <ErrorBox error={error} />
      {entries.length ? (
        <table class="grid" data-testid="requests">
          <thead>
            <tr>
              <th>Time</th>
              <th>Method</th>
              <th>Path</th>
              <th class="num">Status</th>
              <th class="num">ms</th>
              <th>Fault</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((r) => (
              <tr key={r.seq} class={r.status === null || r.status >= 400 ? 'failed' : ''}>
                <td>{new Date(r.at).toISOString().slice(11, 23)}</td>
                <td>{r.method}</td>
                <td class="value">
                  <code>
                    {r.path}
                    {r.query ? `?${r.query}` : ''}
                  </code>
                </td>
                <td class="num">{r.status ?? 'dropped'}</td>
                <td class="num">{r.durationMs ?? ''}</td>
                <td>{r.fault ? `#${r.fault}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>No API requests yet.</Empty>
      )}
    </Section>
  );
}
