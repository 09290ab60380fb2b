export { createRelay, type Relay } from './app.ts';
export {
  type AnthropicAssistantOptions,
  createAnthropicAssistant,
  DEFAULT_ANTHROPIC_MODEL,
} from './assistant/anthropic.ts';
export type {
  Assistant,
  AssistantAssessment,
  AssistantPart,
  AssistantRequest,
  HandoffSummary,
  SummaryRequest,
} from './assistant/assistant.ts';
export { AssistantError, type AssistantErrorCode } from './assistant/errors.ts';
export {
  type KnowledgeDocument,
  type KnowledgeSection,
  knowledgeDocumentSchema,
  sectionsFromDocuments,
} from './assistant/knowledge/knowledge-base.ts';
export { KnowledgeIndex, type RetrievalMatch } from './assistant/knowledge/retrieval.ts';
export { NOT_FOUND_ANSWERS, notFoundAnswer } from './assistant/not-found.ts';
export { createOfflineAssistant, type OfflineAssistantOptions } from './assistant/offline.ts';
export { type RetryOptions, withRetries } from './assistant/retry.ts';
export {
  createHandoffSummarizer,
  extractiveSummary,
  type SummarizeOptions,
  summarizeForHandoff,
} from './assistant/summary.ts';
export { type MerchantConfiguration, SYSTEM_PROMPT_VERSION } from './assistant/system-prompt.ts';
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
export {
  findSensitive,
  type RedactOptions,
  redact,
  type SensitiveKind,
  type SensitiveMatch,
} from './privacy/redact.ts';
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
