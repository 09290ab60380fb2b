import type { Availability } from '../policy/availability/availability.ts';
import type { EscalationDecision } from '../policy/decide.ts';
import type { EscalationSignals } from '../policy/signals.ts';
import type { DecisionEntry, DecisionStage } from './audit-log.ts';

/** A decision as the audit log keeps it: the inputs that decide() saw, so the decision can be replayed. */
export function decisionEntry(input: {
  conversationId: string;
  stage: DecisionStage;
  signals: EscalationSignals;
  decision: EscalationDecision;
  availability: Availability | undefined;
  at: Date;
}): DecisionEntry {
  const { signals, decision } = input;
  return {
    type: 'decision',
    at: input.at.toISOString(),
    conversationId: input.conversationId,
    stage: input.stage,
    signals: {
      sentiment: signals.sentimentHistory.at(-1) ?? 0,
      sentimentHistory: signals.sentimentHistory,
      humanRequest: signals.humanRequest.requested,
      ...(signals.humanRequest.phrase ? { humanRequestPhrase: signals.humanRequest.phrase } : {}),
      topics: signals.topics.map((topic) => ({ id: topic.id, phrase: topic.phrase })),
      vip: signals.customer.vip,
      ...(signals.customer.tier ? { tier: signals.customer.tier } : {}),
      repeats: signals.loop.repeats,
      lowConfidenceStreak: signals.loop.lowConfidenceStreak,
      smalltalk: signals.smalltalk,
      ...(signals.attachment?.attached ? { attachment: true, attachmentOnly: signals.attachment.textless } : {}),
      ...(signals.assistant
        ? {
            assistantConfidence: signals.assistant.confidence,
            assistantSentiment: signals.assistant.sentiment,
            assistantIntent: signals.assistant.intent,
            assistantTopics: signals.assistant.topics,
          }
        : {}),
    },
    escalate: decision.escalate,
    reasons: decision.reasons,
    priority: decision.priority,
    ...(input.availability ? { availability: input.availability } : {}),
  };
}
