import type { Counter, Gauge, MetricsRegistry } from '../observability/metrics.ts';
import type { HandoffRecords } from './handoff-records.ts';

/** What the runner counts, beside the relay's own handoff counters. */
export interface HandoffMetrics {
  /** Calls to adapters, by adapter, operation (open, send, close) and outcome (ok, error). */
  adapterCalls: Counter;
  /** Tickets opened, by adapter and routing rule. */
  tickets: Counter;
  /** An adapter gave up on an open and the next in the chain was tried, by the adapter that failed. */
  failovers: Counter;
  /** Handoffs no adapter has accepted yet. */
  pending: Gauge;
  /** Inbound webhook events, by adapter and outcome (applied, duplicate, unknown_ticket, ignored, refused). */
  webhooks: Counter;
}

export function createHandoffMetrics(registry: MetricsRegistry): HandoffMetrics {
  return {
    adapterCalls: registry.counter('tandem_handoff_adapter_calls_total', 'Calls to handoff adapters, by outcome.'),
    tickets: registry.counter('tandem_handoff_tickets_total', 'Tickets opened, by adapter and routing rule.'),
    failovers: registry.counter('tandem_handoff_failovers_total', 'Opens passed on to the next adapter.'),
    pending: registry.gauge('tandem_handoff_pending', 'Handoffs kept for retry because no adapter took them.'),
    webhooks: registry.counter('tandem_handoff_webhook_events_total', 'Inbound webhook events, by outcome.'),
  };
}

/** Recounts the kept handoffs from the store, so the gauge holds across restarts and instances. */
export async function refreshPendingGauge(
  metrics: HandoffMetrics,
  records: Pick<HandoffRecords, 'pendingIds'>,
): Promise<number> {
  const count = (await records.pendingIds()).length;
  metrics.pending.set(count);
  return count;
}
