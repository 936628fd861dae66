import type { ComponentChildren } from 'preact';
import type { ApiError } from './api.js';

export function ErrorBox({ error, title }: { error?: ApiError | Error | string; title?: string }) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  return (
    <div class="error" role="alert">
      {title ? <strong>{title}: </strong> : null}
      {message}
    </div>
  );
}

export function Section({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card">
      <header>
        <h2>{title}</h2>
        {actions ? <div class="actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

const STATUS_CLASS: Record<string, string> = {
  Success: 'ok',
  Completed: 'ok',
  Partial: 'warn',
  PartialFailure: 'warn',
  Halted: 'bad',
  Failed: 'bad',
  Running: 'run',
  Queued: 'run',
  Created: 'run',
};

export function Status({ value }: { value: string | null | undefined }) {
  if (!value) return null;
  return <span class={`status ${STATUS_CLASS[value] ?? ''}`}>{value}</span>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** `2024-04-05T10:00:00Z` → `2024-04-05 10:00:00` (UTC, as stored). */
export function when(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '') : '';
}

export function seconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`;
}

export const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
