export { createRelay, type Relay } from './app.ts';
export type { Assistant, AssistantAssessment, AssistantPart, AssistantRequest } from './assistant/assistant.ts';
export {
  type KnowledgeDocument,
  type KnowledgeSection,
  sectionsFromDocuments,
} from './assistant/knowledge/knowledge-base.ts';
export { KnowledgeIndex, type RetrievalMatch } from './assistant/knowledge/retrieval.ts';
export { createOfflineAssistant, type OfflineAssistantOptions } from './assistant/offline.ts';
export { ConversationService } from './conversation/conversation-service.ts';
export type { HandoffRequestInput } from './conversation/handoff-request.ts';
export type { ConversationHooks } from './conversation/hooks.ts';
export { canTransition, IllegalTransitionError } from './conversation/state-machine.ts';
export { RelayError } from './errors.ts';
export type { ContextSummary, HandoffSummarizer, SentimentScorer } from './handoff/context-packet.ts';
export {
  createInboxHandoff,
  type InboxEntry,
  type InboxHandoff,
  type InboxHandoffOptions,
} from './handoff/inbox/inbox-adapter.ts';
export type { HandoffOptions } from './handoff/options.ts';
export { HandoffRunner, HandoffUndeliveredError, type RetryPendingResult } from './handoff/runner.ts';
export { createLogger, type Logger, type LoggerOptions, type LogLevel } from './observability/logger.ts';
export {
  type Counter,
  createMetricsRegistry,
  type Gauge,
  type Histogram,
  type MetricsRegistry,
} from './observability/metrics.ts';
export { createRelayMetrics, type RelayMetrics } from './observability/relay-metrics.ts';
export type { RelayOptions } from './options.ts';
export { verifiedAttributes, verifiedTier, verifyUserHash } from './security/identity.ts';
export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from './store/memory.ts';
export type {
  ConversationPatch,
  ConversationRecord,
  ConversationStore,
  CounterValue,
  HandoffState,
  UpdateCondition,
} from './store/store.ts';
