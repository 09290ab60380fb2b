import { type Counter, createMetricsRegistry, type Gauge, type Histogram, type MetricsRegistry } from './metrics.ts';

/** The relay's own metrics, registered once per relay so each relay (and each test) counts on its own. */
export interface RelayMetrics {
  readonly registry: MetricsRegistry;
  /** Conversations not closed. */
  readonly openConversations: Gauge;
  /** SSE streams open right now. */
  readonly sseConnections: Gauge;
  /** Messages stored, by role (visitor, assistant, agent, system). */
  readonly messages: Counter;
  /** Handoffs requested, one count per reason (a handoff with two reasons counts under both). */
  readonly handoffs: Counter;
  /** Handoff outcomes, by status (connected, unavailable, failed). */
  readonly handoffOutcomes: Counter;
  /** Seconds from a visitor's message to the end of the assistant's answer. */
  readonly assistantLatency: Histogram;
  /** Seconds from a visitor's message to the first streamed text of the assistant's answer (time to first token). */
  readonly firstToken: Histogram;
  /** Agents' marks on handoffs, by reason and verdict (needed, not_needed): precision in production. */
  readonly handoffReviews: Counter;
  /** HTTP requests by status class (2xx, 4xx, 5xx). */
  readonly requests: Counter;
}

export function createRelayMetrics(registry: MetricsRegistry = createMetricsRegistry()): RelayMetrics {
  const metrics: RelayMetrics = {
    registry,
    openConversations: registry.gauge('tandem_open_conversations', 'Conversations not closed.'),
    sseConnections: registry.gauge('tandem_sse_connections', 'Server-Sent Events streams open right now.'),
    messages: registry.counter('tandem_messages_total', 'Messages stored, by role.'),
    handoffs: registry.counter('tandem_handoffs_total', 'Handoffs requested, by reason.'),
    handoffOutcomes: registry.counter('tandem_handoff_outcomes_total', 'Handoff outcomes, by status.'),
    assistantLatency: registry.histogram(
      'tandem_assistant_latency_seconds',
      "Seconds from a visitor's message to the end of the assistant's answer.",
    ),
    firstToken: registry.histogram(
      'tandem_assistant_first_token_seconds',
      "Seconds from a visitor's message to the assistant's first streamed text.",
    ),
    handoffReviews: registry.counter(
      'tandem_handoff_reviews_total',
      'Agents marking a handoff as needed or not needed, by reason and verdict.',
    ),
    requests: registry.counter('tandem_http_requests_total', 'HTTP requests, by status class.'),
  };
  // Unlabelled gauges start at an explicit zero, so a scrape shows them before anything happens.
  metrics.openConversations.add(0);
  metrics.sseConnections.add(0);
  return metrics;
}
