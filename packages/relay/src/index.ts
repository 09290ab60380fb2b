export { createRelay, type RecoveryReport, type Relay } from './app.ts';
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
export type { StoredAttachment } from './attachments/attachment-records.ts';
export { AttachmentService } from './attachments/attachment-service.ts';
export type { BlobStore } from './attachments/blob/blob-store.ts';
export { createMemoryBlobStore } from './attachments/blob/memory.ts';
export { createR2BlobStore, type R2BlobStoreOptions, type R2BucketLike } from './attachments/blob/r2.ts';
export { FileRejectedError, type InspectedFile, inspectFile } from './attachments/inspect/inspect-file.ts';
export type { AttachmentOptions } from './attachments/options.ts';
export {
  type AnswerEntry,
  type AnswerOutcome,
  type AuditEntry,
  type AuditLog,
  type AuditQuery,
  type DecisionEntry,
  type DecisionStage,
  exportAuditLog,
  toJsonLines,
} from './audit/audit-log.ts';
export { createMemoryAuditLog, type MemoryAuditLogOptions } from './audit/memory.ts';
export type { AuditOptions } from './audit/options.ts';
export { ConversationService } from './conversation/conversation-service.ts';
export type { HandoffPort } from './conversation/handoff-port.ts';
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
export {
  type HandoffOutcome,
  HandoffRunner,
  HandoffUndeliveredError,
  type RetryPendingResult,
} from './handoff/runner.ts';
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
export { type Availability, type AvailabilityInput, availability } from './policy/availability/availability.ts';
export {
  type BusinessHours,
  type BusinessHoursInput,
  businessHoursSchema,
  type OpeningState,
  openingState,
} from './policy/availability/business-hours.ts';
export { createSignalCollector, type SignalCollector, type SignalInput } from './policy/collect-signals.ts';
export { type PolicyConfig, type PolicyConfigInput, policyConfigSchema, resolvePolicyConfig } from './policy/config.ts';
export { decide, type EscalationDecision } from './policy/decide.ts';
export type { HandoffRequestInput } from './policy/handoff-request.ts';
export { type CustomerTierSignal, customerTier } from './policy/signals/customer-tier.ts';
export {
  type FrustrationOptions,
  type FrustrationSignal,
  frustrationThresholds,
  scoreFrustration,
} from './policy/signals/frustration.ts';
export { detectHumanRequest, type HumanRequestSignal } from './policy/signals/human-request.ts';
export { detectLoop, type LoopSignal } from './policy/signals/loops.ts';
export { compilePhrase, findPhrase, PhrasePatternError } from './policy/signals/phrase-pattern.ts';
export { createTopicMatcher, type TopicMatch, type TopicMatcher } from './policy/signals/sensitive-topics.ts';
export { DEFAULT_SENSITIVE_TOPICS, type SensitiveTopic } from './policy/signals/sensitive-topics-defaults.ts';
export { type SentimentOptions, type SentimentSignal, scoreSentiment } from './policy/signals/sentiment.ts';
export { isSmalltalk } from './policy/signals/smalltalk.ts';
export { ESCALATION_REASONS, type EscalationReason, type EscalationSignals } from './policy/signals.ts';
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
export { STORE_RETRY_AFTER_SECONDS, StoreUnavailableError } from './store/store-unavailable.ts';
