import { describeIssues } from '@tandem/protocol';
import { z } from 'zod';
import { ASSISTANT_INTENTS } from '../assistant/assessment-tool.ts';
import type { PolicyConfig } from '../policy/config.ts';
import { decide, type EscalationDecision } from '../policy/decide.ts';
import { ESCALATION_REASONS, type EscalationSignals } from '../policy/signals.ts';
import type { DecisionEntry } from './audit-log.ts';

/** A decision line of the audit log, as `decisionEntry` writes it (see entries.ts). */
const decisionLineSchema = z.object({
  type: z.literal('decision'),
  at: z.string(),
  conversationId: z.string(),
  stage: z.enum(['before-assistant', 'after-assessment']),
  signals: z.object({
    sentiment: z.number(),
    sentimentHistory: z.array(z.number()),
    humanRequest: z.boolean(),
    humanRequestPhrase: z.string().optional(),
    topics: z.array(z.object({ id: z.string(), phrase: z.string() })),
    vip: z.boolean(),
    tier: z.string().optional(),
    repeats: z.number().int().min(0),
    lowConfidenceStreak: z.number().int().min(0),
    smalltalk: z.boolean(),
    attachment: z.boolean().optional(),
    attachmentOnly: z.boolean().optional(),
    assistantConfidence: z.number().optional(),
    assistantSentiment: z.number().optional(),
    assistantIntent: z.enum(ASSISTANT_INTENTS).optional(),
    assistantTopics: z.array(z.string()).optional(),
  }),
  escalate: z.boolean(),
  reasons: z.array(z.enum(ESCALATION_REASONS)),
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
});

export interface ReplayedDecision {
  entry: DecisionEntry;
  /** What the audit log says was decided. */
  logged: Pick<EscalationDecision, 'escalate' | 'reasons' | 'priority'>;
  /** What `decide()` decides on the same inputs with the configuration being tried. */
  replayed: EscalationDecision;
}

export interface ReplayReport {
  /** Decision lines read. */
  decisions: number;
  /** Decisions the configuration would change (handoff, reasons or priority), in log order. */
  changed: ReplayedDecision[];
  /** Of those: a handoff where the log has none, and the other way round. */
  newlyEscalated: number;
  noLongerEscalated: number;
  /** Answer lines and other entries that are not decisions: read past, not replayed. */
  otherLines: number;
}

export class AuditReplayError extends Error {
  readonly code = 'invalid_audit_line';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`[tandem] [audit] line ${line}: ${message}`);
    this.name = 'AuditReplayError';
  }
}

/**
 * Reads an audit log export (JSON lines, `GET /v1/audit`) into its decision entries. A line that is not JSON, or a
 * decision line without the inputs `decide()` needs, is an error naming the line: a replay over a silently shortened
 * log would give wrong counts.
 */
export function readDecisionLines(jsonLines: string): { decisions: DecisionEntry[]; otherLines: number } {
  const decisions: DecisionEntry[] = [];
  let otherLines = 0;
  jsonLines.split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new AuditReplayError(index + 1, 'is not JSON; expected one audit entry per line (GET /v1/audit).');
    }
    if ((value as { type?: unknown } | null)?.type !== 'decision') {
      otherLines++;
      return;
    }
    const parsed = decisionLineSchema.safeParse(value);
    if (!parsed.success)
      throw new AuditReplayError(index + 1, `is not a decision entry: ${describeIssues(parsed.error)}`);
    decisions.push(parsed.data as DecisionEntry);
  });
  return { decisions, otherLines };
}

/**
 * The inputs a logged decision was made on, as `decide()` takes them. Sensitive topics the configuration no longer
 * has are dropped, since its phrases would not have matched them; topic phrases that changed cannot be replayed
 * without the visitor's words, which decisions do not keep.
 */
export function signalsOfEntry(entry: DecisionEntry, config: PolicyConfig): EscalationSignals {
  const { signals } = entry;
  const configured = new Map(config.topics.map((topic) => [topic.id, topic.priority]));
  return {
    sentimentHistory: signals.sentimentHistory.length > 0 ? signals.sentimentHistory : [signals.sentiment],
    humanRequest: {
      requested: signals.humanRequest,
      ...(signals.humanRequestPhrase ? { phrase: signals.humanRequestPhrase } : {}),
    },
    // The priority comes from the configuration being tried: raising a topic's priority is a change worth replaying.
    topics: signals.topics.flatMap((topic) => {
      const priority = configured.get(topic.id);
      return priority === undefined ? [] : [{ ...topic, priority }];
    }),
    customer: { vip: signals.vip, ...(signals.tier ? { tier: signals.tier } : {}) },
    loop: { repeats: signals.repeats, similarity: 0, lowConfidenceStreak: signals.lowConfidenceStreak },
    smalltalk: signals.smalltalk,
    ...(signals.attachment ? { attachment: { attached: true, textless: signals.attachmentOnly ?? false } } : {}),
    ...(signals.assistantConfidence !== undefined
      ? {
          assistant: {
            confidence: signals.assistantConfidence,
            sentiment: signals.assistantSentiment ?? 0,
            intent: signals.assistantIntent ?? 'question',
            topics: signals.assistantTopics ?? [],
          },
        }
      : {}),
  };
}

/** Replays every logged decision with `config` and reports which would come out differently. */
export function replayDecisions(
  decisions: readonly DecisionEntry[],
  config: PolicyConfig,
): Omit<ReplayReport, 'otherLines'> {
  const changed: ReplayedDecision[] = [];
  let newlyEscalated = 0;
  let noLongerEscalated = 0;
  for (const entry of decisions) {
    const replayed = decide(signalsOfEntry(entry, config), config);
    const logged = { escalate: entry.escalate, reasons: entry.reasons, priority: entry.priority };
    const same =
      replayed.escalate === logged.escalate &&
      replayed.priority === logged.priority &&
      replayed.reasons.join(',') === logged.reasons.join(',');
    if (same) continue;
    if (replayed.escalate && !logged.escalate) newlyEscalated++;
    if (!replayed.escalate && logged.escalate) noLongerEscalated++;
    changed.push({ entry, logged, replayed });
  }
  return { decisions: decisions.length, changed, newlyEscalated, noLongerEscalated };
}
