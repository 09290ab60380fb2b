import type { AssistantAssessment } from '../assistant/assistant.ts';
import type { CustomerTierSignal } from './signals/customer-tier.ts';
import type { HumanRequestSignal } from './signals/human-request.ts';
import type { LoopSignal } from './signals/loops.ts';
import type { TopicMatch } from './signals/sensitive-topics.ts';

/** Everything the policy decides from: local signals on the visitor's words, and the assistant's assessment. */
export interface EscalationSignals {
  /** Local sentiment of the visitor's messages, oldest first, the newest last (−1..1). */
  sentimentHistory: number[];
  humanRequest: HumanRequestSignal;
  topics: TopicMatch[];
  customer: CustomerTierSignal;
  loop: LoopSignal;
  /** The newest message is only a greeting or thanks: nothing to answer, nothing unsure about. */
  smalltalk: boolean;
  /**
   * Files on the newest visitor message: the assistant cannot look at them. Absent in decisions recorded before
   * attachments existed.
   */
  attachment?: { attached: boolean; textless: boolean };
  /** Absent before the assistant has spoken: the first decision is made on local signals alone. */
  assistant?: Pick<AssistantAssessment, 'confidence' | 'sentiment' | 'intent' | 'topics'>;
}

export const ESCALATION_REASONS = [
  'human_requested',
  'low_confidence',
  'negative_sentiment',
  'worsening_sentiment',
  'sensitive_topic',
  'vip',
  'repeated_question',
  'low_confidence_streak',
  /** The visitor sent a picture or file the assistant cannot look at, alone or with a question that depends on it. */
  'attachment',
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];
