import type { Priority } from '@tandem/protocol';
import type { PolicyConfig } from './config.ts';
import type { EscalationReason, EscalationSignals } from './signals.ts';

export interface EscalationDecision {
  escalate: boolean;
  /** Why, in a fixed order; "vip" is listed whenever a VIP is handed off, so the agent knows. */
  reasons: EscalationReason[];
  priority: Priority;
  /** Sensitive topics found, by id. */
  topics: string[];
}

const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];
const TREND_WINDOW = 3;
// The model's own reading of "wants a human" counts like the visitor's words.
const WANTS_HUMAN_INTENT = 'wants-human';

/**
 * The escalation policy: a pure function of the signals and the configuration, so every decision can
 * be replayed from the audit log. Called twice per visitor message: on local signals before the
 * assistant runs, then again with the assistant's assessment before any of its text is shown.
 */
export function decide(signals: EscalationSignals, config: PolicyConfig): EscalationDecision {
  const reasons = new Set<EscalationReason>();
  let priority: Priority = 'normal';
  const raise = (to: Priority) => {
    if (PRIORITIES.indexOf(to) > PRIORITIES.indexOf(priority)) priority = to;
  };

  // A file alone, or a question the assistant says depends on the file: a person must look at it.
  const assistantWantsHuman = signals.assistant?.intent === WANTS_HUMAN_INTENT;
  const attachment = signals.attachment;
  const becauseOfFile =
    attachment?.attached === true && !signals.humanRequest.requested && (attachment.textless || assistantWantsHuman);
  if (becauseOfFile) reasons.add('attachment');
  if (config.humanRequests && (signals.humanRequest.requested || (assistantWantsHuman && !becauseOfFile))) {
    reasons.add('human_requested');
  }

  const { assistant } = signals;
  const smalltalk = signals.smalltalk || assistant?.intent === 'smalltalk';
  if (assistant && !smalltalk && assistant.confidence < config.confidenceFloor) reasons.add('low_confidence');

  const current = signals.sentimentHistory.at(-1) ?? 0;
  const mood = Math.min(current, assistant?.sentiment ?? current);
  if (mood <= config.sentimentFloor) {
    reasons.add('negative_sentiment');
    if (mood <= config.sentimentHighPriority) raise('high');
  }
  const previous = signals.sentimentHistory.slice(-1 - TREND_WINDOW, -1);
  if (previous.length > 0 && current <= config.worseningBelow) {
    const baseline = previous.reduce((sum, score) => sum + score, 0) / previous.length;
    if (baseline - current >= config.worseningDrop) reasons.add('worsening_sentiment');
  }

  const topicIds = new Set(signals.topics.map((topic) => topic.id));
  const configured = new Map(config.topics.map((topic) => [topic.id, topic.priority]));
  for (const topic of assistant?.topics ?? []) if (configured.has(topic)) topicIds.add(topic);
  if (topicIds.size > 0) {
    reasons.add('sensitive_topic');
    for (const id of topicIds) raise(configured.get(id) ?? 'normal');
  }

  if (signals.loop.repeats >= config.loop.repeatedQuestions && !smalltalk) reasons.add('repeated_question');
  if (signals.loop.lowConfidenceStreak >= config.loop.lowConfidenceTurns) reasons.add('low_confidence_streak');

  if (signals.customer.vip && (config.vip.alwaysEscalate || reasons.size > 0)) {
    reasons.add('vip');
    priority = boost(priority, config.vip.priorityBoost);
  }

  return {
    escalate: reasons.size > 0,
    reasons: ORDER.filter((reason) => reasons.has(reason)),
    priority,
    topics: [...topicIds],
  };
}

// --- internal ---

const ORDER: readonly EscalationReason[] = [
  'human_requested',
  'attachment',
  'sensitive_topic',
  'negative_sentiment',
  'worsening_sentiment',
  'repeated_question',
  'low_confidence',
  'low_confidence_streak',
  'vip',
];

function boost(priority: Priority, steps: number): Priority {
  const index = Math.min(PRIORITIES.indexOf(priority) + steps, PRIORITIES.length - 1);
  return PRIORITIES[index] ?? priority;
}
