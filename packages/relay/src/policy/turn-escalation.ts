import type { Message, Notice } from '@tandem/protocol';
import type { AuditLog, DecisionStage } from '../audit/audit-log.ts';
import { decisionEntry } from '../audit/entries.ts';
import { createMemoryAuditLog } from '../audit/memory.ts';
import type { ResolvedAuditOptions } from '../audit/options.ts';
import type { MetricsRegistry } from '../observability/metrics.ts';
import { redact } from '../privacy/redact.ts';
import type { ConversationRecord, ConversationStore } from '../store/store.ts';
import { availability } from './availability/availability.ts';
import { createSignalCollector, type SignalCollector } from './collect-signals.ts';
import { type PolicyConfig, resolvePolicyConfig } from './config.ts';
import { decide, type EscalationDecision } from './decide.ts';
import { handoffMessage, handoffNoticeCode, unavailableMessage } from './handoff-messages.ts';
import type { HandoffRequestInput } from './handoff-request.ts';
import type { EscalationSignals } from './signals.ts';

/** How a turn asks for a person; the ConversationService provides it. */
export interface HandoffControl {
  requestHandoff(conversationId: string, request: HandoffRequestInput): Promise<void>;
  markHandoffUnavailable(conversationId: string, reason: string): Promise<void>;
}

/** The escalation policy's part in a turn: decide before the assistant runs, and again before its text is shown. */
export interface TurnEscalation {
  /** Without a policy, answers are still audited but nothing is escalated. */
  policy: PolicyConfig | undefined;
  signals: SignalCollector;
  audit: AuditLog;
  /** Applied to visitor and assistant text before it is written to the audit log. */
  redact: (text: string) => string;
  /** Whether any handoff adapter is configured; business hours are in `policy`. */
  adaptersAvailable: () => boolean;
  conversations: HandoffControl;
  metrics?: MetricsRegistry;
  now?: () => Date;
}

export interface TurnEscalationInput {
  /** Undefined when the merchant turned the policy off. */
  policy: PolicyConfig | undefined;
  audit: ResolvedAuditOptions;
  adaptersAvailable: () => boolean;
  metrics?: MetricsRegistry;
}

/** Builds what an assistant turn needs to escalate and to record, from the relay's resolved options. */
export function createTurnEscalation(input: TurnEscalationInput): {
  escalation: Omit<TurnEscalation, 'conversations'>;
  audit: AuditLog;
} {
  const audit = input.audit.log ?? createMemoryAuditLog();
  return {
    audit,
    escalation: {
      policy: input.policy,
      // Without a policy the local signals still score each answer's question for the audit log.
      signals: createSignalCollector(input.policy ?? resolvePolicyConfig()),
      audit,
      redact: input.audit.redact ? (text) => redact(text) : (text) => text,
      adaptersAvailable: input.adaptersAvailable,
      ...(input.metrics ? { metrics: input.metrics } : {}),
    },
  };
}

/** Decides from the signals and writes the decision, with its inputs, to the audit log. */
export async function decideAndRecord(
  escalation: TurnEscalation,
  policy: PolicyConfig,
  conversation: ConversationRecord,
  stage: DecisionStage,
  signals: EscalationSignals,
  now: Date,
): Promise<EscalationDecision> {
  const decision = decide(signals, policy);
  const route = decision.escalate ? routeFor(escalation, policy, now) : undefined;
  await escalation.audit.record(
    decisionEntry({ conversationId: conversation.id, stage, signals, decision, availability: route, at: now }),
  );
  escalation.metrics
    ?.counter('tandem_escalation_decisions_total', 'Escalation policy decisions, by stage and outcome.')
    .increment({ stage, escalate: String(decision.escalate) });
  return decision;
}

/** Asks for a person, or, when nobody can come, says so honestly and leaves the way to an address open. */
export async function handOff(
  store: ConversationStore,
  escalation: TurnEscalation,
  policy: PolicyConfig,
  conversation: ConversationRecord,
  decision: EscalationDecision,
  now: Date,
): Promise<void> {
  const route = routeFor(escalation, policy, now);
  try {
    await escalation.conversations.requestHandoff(conversation.id, {
      reasons: [...decision.reasons],
      priority: decision.priority,
      source: 'policy',
      ...(decision.topics.length > 0 ? { topics: [...decision.topics] } : {}),
    });
  } catch (error) {
    // Closed while the assistant was thinking: nothing to hand off, and nothing to say.
    console.error(
      JSON.stringify({
        level: 'warn',
        msg: 'handoff not requested',
        conversationId: conversation.id,
        error: String(error),
      }),
    );
    return;
  }
  if (route.route === 'handoff') {
    await appendSystemMessage(store, conversation.id, handoffMessage(decision.reasons, conversation.locale), {
      code: handoffNoticeCode(decision.reasons),
    });
    return;
  }
  await escalation.conversations.markHandoffUnavailable(conversation.id, route.reason);
  await appendSystemMessage(
    store,
    conversation.id,
    unavailableMessage(conversation.locale, route.nextOpenAt, policy.businessHours?.timeZone),
    { code: 'nobody_available', ...(route.nextOpenAt ? { nextOpenAt: route.nextOpenAt } : {}) },
  );
}

/** The confidences of the assistant's shown answers so far, for the low-confidence streak. */
export async function confidencesSoFar(audit: AuditLog, conversationId: string): Promise<number[]> {
  const entries = await audit.list({ conversationId });
  return entries.flatMap((entry) =>
    entry.type === 'answer' && entry.outcome === 'answered' && entry.confidence !== undefined ? [entry.confidence] : [],
  );
}

/**
 * A message from the relay itself (not the assistant, not a person): its text in the visitor's language, and its
 * notice code so the widget can word it in the merchant's own strings.
 */
export async function appendSystemMessage(
  store: ConversationStore,
  conversationId: string,
  text: string,
  notice: Notice,
) {
  const message: Message = {
    id: crypto.randomUUID(),
    role: 'system',
    text,
    notice,
    createdAt: new Date().toISOString(),
  };
  await store.appendEvent(conversationId, { type: 'message', message });
}

// --- internal ---

function routeFor(escalation: TurnEscalation, policy: PolicyConfig, now: Date) {
  return availability({
    now,
    adaptersAvailable: escalation.adaptersAvailable(),
    ...(policy.businessHours ? { businessHours: policy.businessHours } : {}),
  });
}
