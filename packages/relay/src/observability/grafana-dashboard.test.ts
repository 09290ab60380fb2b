import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createHandoffMetrics } from '../handoff/handoff-metrics.ts';
import { createRelayMetrics } from './relay-metrics.ts';

const dashboardUrl = new URL('../../../../deploy/grafana/tandem.json', import.meta.url);

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
}

describe('the Grafana dashboard in deploy/grafana', () => {
  it('queries only metrics the relay serves, time to first token and handoff outcomes included', async () => {
    const dashboard = JSON.parse(await readFile(dashboardUrl, 'utf8')) as { panels: Panel[]; __inputs: unknown[] };
    const metrics = createRelayMetrics();
    createHandoffMetrics(metrics.registry);
    metrics.registry.counter('tandem_escalation_decisions_total', 'Escalation policy decisions.');
    const served = new Set([...metrics.registry.render().matchAll(/^# TYPE (\S+)/gm)].map((match) => match[1]));

    const queried = dashboard.panels
      .flatMap((panel) => panel.targets ?? [])
      .flatMap((target) => [...target.expr.matchAll(/\b(tandem_[a-z_]+)/g)].map((match) => match[1] as string))
      .map((name) => name.replace(/_(bucket|sum|count)$/, ''));
    expect(queried.length).toBeGreaterThan(10);
    for (const name of queried) expect(served, name).toContain(name);
    expect(queried).toContain('tandem_assistant_first_token_seconds');
    expect(queried).toContain('tandem_handoff_outcomes_total');
    expect(queried).toContain('tandem_handoff_reviews_total');
    // Importable anywhere: the data source is chosen at import time.
    expect(dashboard.__inputs).toMatchObject([{ name: 'DS_PROMETHEUS', pluginId: 'prometheus' }]);
  });
});
