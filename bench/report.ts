// How benchmarks print: the machine once, then every figure beside its reference measured in the same run, the
// ratio, the target when there is one, and the load average at that moment (the machine may be shared).
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export function machine(): string {
  const list = cpus();
  const [one, five] = loadavg();
  return `machine: ${list[0]?.model ?? 'unknown CPU'}, ${list.length} cores, load average ${one.toFixed(2)} (1 min) ${five.toFixed(2)} (5 min), node ${process.version}`;
}

export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export interface Figure {
  /** what was measured */
  what: string;
  ours: number;
  reference: number;
  unit: string;
  /** the ratio ours/reference should reach at least this (or, with `atMost`, stay at most this) */
  target?: number;
  atMost?: boolean;
  note?: string;
}

/** Prints one figure line and returns the ratio. */
export function figure(prefix: string, f: Figure): number {
  const ratio = f.ours / f.reference;
  const target =
    f.target === undefined ? '' : `; target ${f.atMost ? '<=' : '>='} ${f.target} ${(f.atMost ? ratio <= f.target : ratio >= f.target) ? 'met' : 'MISSED'}`;
  console.log(
    `${prefix}: ${f.what}: ours ${fmt(f.ours)} ${f.unit}, reference ${fmt(f.reference)} ${f.unit}, ratio ${ratio.toFixed(2)}${target}` +
      ` (load ${loadavg()[0].toFixed(1)})${f.note ? `; ${f.note}` : ''}`,
  );
  return ratio;
}

/**
 * CPU seconds this process has used (user + system, all its threads). On a shared machine a wall-clock rate says as
 * much about the other processes as about ours; work per CPU second does not, so benchmarks print both.
 */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** The p-th percentile (0-100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * This process's peak resident memory in MB. On Linux, VmHWM of /proc/self/status: getrusage's maxRSS (what
 * `process.resourceUsage().maxRSS` reads) keeps the parent's peak across fork and exec, so a benchmark child
 * spawned by a parent that had grown large reported the parent's peak instead of its own.
 */
export function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}
