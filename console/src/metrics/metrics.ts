/**
 * Label values of one sample.
 * @example
 * metrics.counter('pbxwatch_ingest_rejected_total', 'Rejected', { reason: 'not-json' } satisfies Labels);
 */
export type Labels = Record<string, string>;

const key = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map(
      (k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    )
    .join(',');

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, number>;
}

/**
 * A tiny Prometheus registry: counters, gauges, and collectors evaluated at scrape time, rendered
 * in the text exposition format 0.0.4.
 * @example
 * const m = new Metrics();
 * m.counter('pbxwatch_ingest_messages_total', 'Messages received', { channel: 'events' });
 * m.render(); // '# HELP pbxwatch_ingest_messages_total ...'
 */
export class Metrics {
  private readonly families = new Map<string, Family>();
  private readonly collectors: (() => string)[] = [];

  private family(name: string, help: string, type: Family['type']): Family {
    let f = this.families.get(name);
    if (!f) {
      f = { help, type, values: new Map() };
      this.families.set(name, f);
    }
    return f;
  }

  /** Adds `by` (default 1) to a counter. */
  counter(name: string, help: string, labels: Labels = {}, by = 1): void {
    const f = this.family(name, help, 'counter');
    const k = key(labels);
    f.values.set(k, (f.values.get(k) ?? 0) + by);
  }

  /** Sets a gauge. */
  gauge(name: string, help: string, labels: Labels, value: number): void {
    this.family(name, help, 'gauge').values.set(key(labels), value);
  }

  /** The current value of a sample (0 when never set), for tests and the bench. */
  value(name: string, labels: Labels = {}): number {
    return this.families.get(name)?.values.get(key(labels)) ?? 0;
  }

  /** Registers text computed at scrape time (e.g. open tickets from SQL, the broker's metrics). */
  collect(fn: () => string): void {
    this.collectors.push(fn);
  }

  /** The exposition text. */
  render(): string {
    const out: string[] = [];
    for (const [name, f] of this.families) {
      out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const [k, v] of f.values) out.push(`${name}${k ? `{${k}}` : ''} ${v}`);
    }
    for (const c of this.collectors) {
      const text = c();
      if (text) out.push(text.trimEnd());
    }
    return `${out.join('\n')}\n`;
  }
}
