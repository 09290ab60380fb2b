import { describe, expect, it } from 'vitest';
import { createMetricsRegistry } from './metrics.ts';

describe('metrics registry', () => {
  it('renders counters, gauges and histograms in the Prometheus text format', () => {
    const registry = createMetricsRegistry();
    const handoffs = registry.counter('tandem_test_handoffs_total', 'Handoffs, by reason.');
    handoffs.increment({ reason: 'vip' });
    handoffs.increment({ reason: 'vip' });
    handoffs.increment({ reason: 'said "human"\n' });
    registry.gauge('tandem_test_open', 'Open things.').set(3);
    const latency = registry.histogram('tandem_test_latency_seconds', 'Latency.', [0.1, 1]);
    latency.observe(0.05);
    latency.observe(0.5);
    latency.observe(7);
    expect(registry.render()).toBe(
      [
        '# HELP tandem_test_handoffs_total Handoffs, by reason.',
        '# TYPE tandem_test_handoffs_total counter',
        'tandem_test_handoffs_total{reason="vip"} 2',
        'tandem_test_handoffs_total{reason="said \\"human\\"\\n"} 1',
        '# HELP tandem_test_open Open things.',
        '# TYPE tandem_test_open gauge',
        'tandem_test_open 3',
        '# HELP tandem_test_latency_seconds Latency.',
        '# TYPE tandem_test_latency_seconds histogram',
        'tandem_test_latency_seconds_bucket{le="0.1"} 1',
        'tandem_test_latency_seconds_bucket{le="1"} 2',
        'tandem_test_latency_seconds_bucket{le="+Inf"} 3',
        'tandem_test_latency_seconds_sum 7.55',
        'tandem_test_latency_seconds_count 3',
        '',
      ].join('\n'),
    );
  });

  it('returns the same metric for the same name, and refuses a clash of kinds or a bad name', () => {
    const registry = createMetricsRegistry();
    const first = registry.counter('tandem_things_total', 'Things.');
    first.increment();
    expect(registry.counter('tandem_things_total', 'Things.').value()).toBe(1);
    expect(() => registry.gauge('tandem_things_total', 'Things.')).toThrow(/already a counter/);
    expect(() => registry.counter('tandem things', 'Bad.')).toThrow(/invalid metric name/);
    expect(() => first.increment({}, -1)).toThrow(/can only go up/);
  });

  it('reads a collected gauge at scrape time', () => {
    const registry = createMetricsRegistry();
    let open = 1;
    registry.gauge('tandem_collected', 'Collected.', () => open);
    open = 4;
    expect(registry.render()).toContain('tandem_collected 4\n');
  });
});
