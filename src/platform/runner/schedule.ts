import { Cron } from 'croner';

/**
 * Turns a schedule into a croner pattern. Accepted: cron with 5 fields (minute first) or 6 (seconds first), and
 * the Quartz form ThreatConnect job files use (`00 00 0 * * ? *`: seconds first, a year last, `?` for "no
 * particular day"). Throws an error naming the schedule when it cannot be used.
 */
export function cronPattern(schedule: string): string {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length === 7) {
    if (fields[6] !== '*') throw new Error(`schedule: a year field other than * is not supported (got ${JSON.stringify(schedule)})`);
    fields.pop();
  }
  if (fields.length < 5 || fields.length > 6) {
    throw new Error(`schedule: expected cron with 5 or 6 fields (or Quartz with 7), got ${fields.length} in ${JSON.stringify(schedule)}`);
  }
  // Quartz's "?" means "any"; croner would read it as "the time the job was created"
  const pattern = fields.map((f) => (f === '?' ? '*' : f)).join(' ');
  try {
    new Cron(pattern, { paused: true }).stop();
  } catch (err) {
    throw new Error(`schedule: ${JSON.stringify(schedule)} is not a valid cron expression (${(err as Error).message})`);
  }
  return pattern;
}

/** The next time a schedule fires after now, as ISO 8601, or undefined when it never will. */
export function nextRun(schedule: string): string | undefined {
  const cron = new Cron(cronPattern(schedule), { paused: true });
  const next = cron.nextRun();
  cron.stop();
  return next?.toISOString();
}

/** One timer per scheduled job. */
export class Scheduler {
  private readonly timers = new Map<number, Cron>();

  constructor(private readonly fire: (jobId: number) => void) {}

  /** (Re)schedules a job; a null schedule or a disabled job only removes its timer. */
  set(jobId: number, schedule: string | null, enabled: boolean): void {
    this.remove(jobId);
    if (!schedule || !enabled) return;
    this.timers.set(jobId, new Cron(cronPattern(schedule), { catch: true }, () => this.fire(jobId)));
  }

  remove(jobId: number): void {
    this.timers.get(jobId)?.stop();
    this.timers.delete(jobId);
  }

  next(jobId: number): string | undefined {
    return this.timers.get(jobId)?.nextRun()?.toISOString();
  }

  stopAll(): void {
    for (const timer of this.timers.values()) timer.stop();
    this.timers.clear();
  }
}
