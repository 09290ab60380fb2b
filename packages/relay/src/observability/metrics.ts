/**
 * A small Prometheus registry: counters, gauges and histograms with labels, rendered in the text exposition format
 * (version 0.0.4). Hand-written because the well-known clients (prom-client) are Node-only and the relay also runs
 * on Workers; this is all the relay needs.
 */

export type Labels = Readonly<Record<string, string>>;

export interface Counter {
  increment(labels?: Labels, amount?: number): void;
  value(labels?: Labels): number;
}

export interface Gauge {
  set(value: number, labels?: Labels): void;
  add(amount: number, labels?: Labels): void;
  value(labels?: Labels): number;
}

export interface Histogram {
  observe(value: number, labels?: Labels): void;
  /** How many observations were made, with these labels. */
  count(labels?: Labels): number;
}

export interface MetricsRegistry {
  counter(name: string, help: string): Counter;
  gauge(name: string, help: string, collect?: () => number): Gauge;
  histogram(name: string, help: string, buckets?: readonly number[]): Histogram;
  /** Every metric in the Prometheus text format. */
  render(): string;
}

/** Seconds, from a fast answer's first token to a slow model's whole reply. */
export const DEFAULT_LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

export function createMetricsRegistry(): MetricsRegistry {
  const metrics = new Map<string, Metric>();

  function register<T extends Metric>(name: string, create: () => T, type: Metric['type']): T {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`[tandem] [metrics] invalid metric name ${name}`);
    const existing = metrics.get(name);
    if (existing) {
      if (existing.type !== type) throw new Error(`[tandem] [metrics] ${name} is already a ${existing.type}`);
      return existing as T;
    }
    const metric = create();
    metrics.set(name, metric);
    return metric;
  }

  return {
    counter(name, help) {
      return register(name, () => new CounterMetric(name, help), 'counter');
    },
    gauge(name, help, collect) {
      return register(name, () => new GaugeMetric(name, help, collect), 'gauge');
    },
    histogram(name, help, buckets = DEFAULT_LATENCY_BUCKETS) {
      return register(
        name,
        () =>
          new HistogramMetric(
            name,
            help,
            [...buckets].sort((a, b) => a - b),
          ),
        'histogram',
      );
    },
    render() {
      return `${[...metrics.values()].map((metric) => metric.render()).join('\n')}\n`;
    },
  };
}

// --- internal ---

type Metric = CounterMetric | GaugeMetric | HistogramMetric;

function labelKey(labels: Labels = {}): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

function formatLabels(key: string, extra: [string, string][] = []): string {
  const pairs = [...(JSON.parse(key) as [string, string][]), ...extra];
  if (pairs.length === 0) return '';
  const escapeValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  return `{${pairs.map(([name, value]) => `${name}="${escapeValue(value)}"`).join(',')}}`;
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}`;
}

class CounterMetric implements Counter {
  readonly type = 'counter';
  private readonly values = new Map<string, number>();
  constructor(
    private readonly name: string,
    private readonly help: string,
  ) {}
  increment(labels?: Labels, amount = 1) {
    if (amount < 0) throw new Error(`[tandem] [metrics] ${this.name} can only go up`);
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }
  value(labels?: Labels) {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render() {
    const lines = [header(this.name, this.help, 'counter')];
    for (const [key, value] of this.values) lines.push(`${this.name}${formatLabels(key)} ${value}`);
    return lines.join('\n');
  }
}

class GaugeMetric implements Gauge {
  readonly type = 'gauge';
  private readonly values = new Map<string, number>();
  constructor(
    private readonly name: string,
    private readonly help: string,
    private readonly collect?: () => number,
  ) {}
  set(value: number, labels?: Labels) {
    this.values.set(labelKey(labels), value);
  }
  add(amount: number, labels?: Labels) {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }
  value(labels?: Labels) {
    if (this.collect && labels === undefined) return this.collect();
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render() {
    const lines = [header(this.name, this.help, 'gauge')];
    if (this.collect) lines.push(`${this.name} ${this.collect()}`);
    else for (const [key, value] of this.values) lines.push(`${this.name}${formatLabels(key)} ${value}`);
    return lines.join('\n');
  }
}

class HistogramMetric implements Histogram {
  readonly type = 'histogram';
  private readonly series = new Map<string, { buckets: number[]; sum: number; count: number }>();
  constructor(
    private readonly name: string,
    private readonly help: string,
    private readonly bounds: number[],
  ) {}
  observe(value: number, labels?: Labels) {
    const key = labelKey(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    for (const [index, bound] of this.bounds.entries())
      if (value <= bound) entry.buckets[index] = (entry.buckets[index] ?? 0) + 1;
    entry.sum += value;
    entry.count += 1;
  }
  count(labels?: Labels) {
    return this.series.get(labelKey(labels))?.count ?? 0;
  }
  render() {
    const lines = [header(this.name, this.help, 'histogram')];
    for (const [key, entry] of this.series) {
      for (const [index, bound] of this.bounds.entries()) {
        lines.push(`${this.name}_bucket${formatLabels(key, [['le', String(bound)]])} ${entry.buckets[index] ?? 0}`);
      }
      lines.push(`${this.name}_bucket${formatLabels(key, [['le', '+Inf']])} ${entry.count}`);
      lines.push(`${this.name}_sum${formatLabels(key)} ${entry.sum}`);
      lines.push(`${this.name}_count${formatLabels(key)} ${entry.count}`);
    }
    return lines.join('\n');
  }
}
