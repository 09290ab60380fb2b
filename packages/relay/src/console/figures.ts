import type { ConversationEvent, Message } from '@tandem/protocol';
import type { AnswerEntry, AuditEntry, HandoffReviewEntry, HandoffVerdict } from '../audit/audit-log.ts';
import type { ConversationRecord } from '../store/store.ts';
import { groupUnanswered, type UnansweredGroup, unansweredQuestions } from './unanswered.ts';

/** One conversation as the figures see it: its record, its stored events and its audit entries. */
export interface ConversationFacts {
  record: ConversationRecord;
  events: readonly ConversationEvent[];
  audit: readonly AuditEntry[];
}

/** How each conversation ended up, the unit every figure counts. */
export interface ConversationOutcome {
  conversationId: string;
  /** UTC day the conversation started, YYYY-MM-DD. */
  day: string;
  /** The visitor wrote at least once; conversations opened and never used are not counted anywhere. */
  engaged: boolean;
  /** The assistant answered and no person was asked for. */
  answeredByAssistant: boolean;
  handedOff: boolean;
  /** The reasons of the first handoff ('visitor_request' when the visitor pressed the button). */
  handoffReasons: string[];
  /** The visitor was told nobody could take over (outside hours, or no helpdesk reachable). */
  nobodyAvailable: boolean;
  leftAddress: boolean;
  rating?: number;
  /** Milliseconds from the visitor's first message to the first answer (assistant's or a person's). */
  timeToFirstAnswerMs?: number;
  /**
   * 'confirmed': the visitor rated or said it was solved. 'assumed': the assistant answered alone and the visitor
   * left without saying. Neither when a person took it or nothing was answered.
   */
  resolution?: 'confirmed' | 'assumed';
  /** The newest agent's mark on the handoff. */
  verdict?: HandoffVerdict;
}

export interface FigureSet {
  conversations: number;
  answeredByAssistant: number;
  handedOff: number;
  /** Handoffs by reason; a handoff with two reasons counts under both. */
  handedOffByReason: Record<string, number>;
  nobodyAvailable: number;
  leftAddresses: number;
  csat: { ratings: number; average: number | null /** Share of 4 and 5 among ratings. */; satisfied: number | null };
  timeToFirstAnswerMs: { count: number; p50: number | null; p95: number | null };
  resolutions: { confirmed: number; assumed: number };
}

export interface EscalationPrecision {
  reason: string;
  needed: number;
  notNeeded: number;
  /** needed / (needed + notNeeded); null before any mark. */
  precision: number | null;
}

export interface Figures {
  period: { from: string; to: string };
  total: FigureSet;
  /** One entry per UTC day of the period, oldest first, days without conversations included. */
  days: Array<FigureSet & { day: string }>;
  /** Escalation precision in production, by reason, from agents' marks; the overall line has reason "all". */
  precision: EscalationPrecision[];
  unanswered: UnansweredGroup[];
}

export interface FigureOptions {
  /** ISO 8601 start of the period (inclusive). */
  from: string;
  /** ISO 8601 end of the period (exclusive). */
  to: string;
  /** An answer below this confidence with no cited knowledge counts as unanswered. Default 0.5. */
  lowConfidence?: number;
}

/** The figures a support lead decides with, over conversations that started in the period. */
export function computeFigures(conversations: readonly ConversationFacts[], options: FigureOptions): Figures {
  const inPeriod = conversations.filter(
    (facts) => facts.record.createdAt >= options.from && facts.record.createdAt < options.to,
  );
  const outcomes = inPeriod.map(conversationOutcome).filter((outcome) => outcome.engaged);
  const days = daysBetween(options.from, options.to).map((day) => ({
    day,
    ...figureSet(outcomes.filter((outcome) => outcome.day === day)),
  }));
  const answers = inPeriod.flatMap((facts) =>
    facts.audit.filter((entry): entry is AnswerEntry => entry.type === 'answer'),
  );
  return {
    period: { from: options.from, to: options.to },
    total: figureSet(outcomes),
    days,
    precision: escalationPrecision(
      inPeriod.flatMap((facts) =>
        facts.audit.filter((entry): entry is HandoffReviewEntry => entry.type === 'handoff-review'),
      ),
    ),
    unanswered: groupUnanswered(unansweredQuestions(answers, options.lowConfidence ?? 0.5)),
  };
}

/** Reads one conversation's outcome from its record, events and audit entries. */
export function conversationOutcome(facts: ConversationFacts): ConversationOutcome {
  const { record, events } = facts;
  const messages = events.flatMap((event) => (event.type === 'message' ? [event.message] : []));
  const handoffs = events.flatMap((event) => (event.type === 'handoff' ? [event] : []));
  const firstVisitor = messages.find((message) => message.role === 'visitor');
  const firstAnswer = firstVisitor
    ? messages.find(
        (message) =>
          (message.role === 'assistant' || message.role === 'agent') && message.createdAt >= firstVisitor.createdAt,
      )
    : undefined;
  const requested = handoffs.find((event) => event.status === 'requested');
  const handedOff = requested !== undefined || (record.handoff !== undefined && record.handoff.source !== 'agent');
  const answered = messages.some((message) => message.role === 'assistant');
  const personAnswered = messages.some((message) => message.role === 'agent');
  const answeredByAssistant = answered && !handedOff && !personAnswered;
  const confirmed = record.rating !== undefined || saidSolved(messages);
  const review = latestReview(facts.audit);
  return {
    conversationId: record.id,
    day: record.createdAt.slice(0, 10),
    engaged: firstVisitor !== undefined,
    answeredByAssistant,
    handedOff,
    handoffReasons: handedOff ? (requested?.reasons ?? record.handoff?.reasons ?? []) : [],
    nobodyAvailable: handoffs.some((event) => event.status === 'unavailable' || event.status === 'failed'),
    leftAddress: record.contact !== undefined,
    ...(record.rating !== undefined ? { rating: record.rating.score } : {}),
    ...(firstVisitor && firstAnswer
      ? { timeToFirstAnswerMs: Date.parse(firstAnswer.createdAt) - Date.parse(firstVisitor.createdAt) }
      : {}),
    ...(confirmed && (answered || personAnswered)
      ? { resolution: 'confirmed' as const }
      : answeredByAssistant
        ? { resolution: 'assumed' as const }
        : {}),
    ...(review ? { verdict: review.verdict } : {}),
  };
}

/** The value below which `share` of the sorted values lie (nearest rank). */
export function percentile(values: readonly number[], share: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil(share * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Precision of the policy's handoffs, by reason, from the newest mark of each conversation. */
export function escalationPrecision(reviews: readonly HandoffReviewEntry[]): EscalationPrecision[] {
  const newestByConversation = new Map<string, HandoffReviewEntry>();
  for (const review of reviews) {
    const seen = newestByConversation.get(review.conversationId);
    if (!seen || seen.at <= review.at) newestByConversation.set(review.conversationId, review);
  }
  const counts = new Map<string, { needed: number; notNeeded: number }>();
  const count = (reason: string, verdict: HandoffVerdict) => {
    const entry = counts.get(reason) ?? { needed: 0, notNeeded: 0 };
    if (verdict === 'needed') entry.needed += 1;
    else entry.notNeeded += 1;
    counts.set(reason, entry);
  };
  for (const review of newestByConversation.values()) {
    count('all', review.verdict);
    for (const reason of new Set(review.reasons)) count(reason, review.verdict);
  }
  return [...counts.entries()]
    .map(([reason, { needed, notNeeded }]) => ({
      reason,
      needed,
      notNeeded,
      precision: needed + notNeeded === 0 ? null : needed / (needed + notNeeded),
    }))
    .sort((left, right) =>
      left.reason === 'all' ? -1 : right.reason === 'all' ? 1 : left.reason.localeCompare(right.reason),
    );
}

// --- internal ---

/** "That solved it", "works now", "problem fixed": the visitor confirms, in the languages the lexicons cover best. */
const SOLVED_PATTERN =
  /\b(?:(?:that|this|it)(?:'s| is| has| was)?(?: been)? (?:solved|fixed|sorted|resolved|answered)|(?:that|this|it) (?:works|worked|helped|helps|answers)|works now|problem (?:is )?(?:solved|fixed|resolved)|all (?:sorted|good) now|löst|gelöst|résolu)\b/i;

function saidSolved(messages: readonly Message[]): boolean {
  return messages.some((message) => message.role === 'visitor' && SOLVED_PATTERN.test(message.text));
}

function latestReview(entries: readonly AuditEntry[]): HandoffReviewEntry | undefined {
  let latest: HandoffReviewEntry | undefined;
  for (const entry of entries) {
    if (entry.type === 'handoff-review' && (!latest || latest.at <= entry.at)) latest = entry;
  }
  return latest;
}

function figureSet(outcomes: readonly ConversationOutcome[]): FigureSet {
  const byReason: Record<string, number> = {};
  for (const outcome of outcomes) {
    for (const reason of new Set(outcome.handoffReasons)) byReason[reason] = (byReason[reason] ?? 0) + 1;
  }
  const ratings = outcomes.flatMap((outcome) => (outcome.rating !== undefined ? [outcome.rating] : []));
  const waits = outcomes.flatMap((outcome) =>
    outcome.timeToFirstAnswerMs !== undefined ? [outcome.timeToFirstAnswerMs] : [],
  );
  return {
    conversations: outcomes.length,
    answeredByAssistant: outcomes.filter((outcome) => outcome.answeredByAssistant).length,
    handedOff: outcomes.filter((outcome) => outcome.handedOff).length,
    handedOffByReason: byReason,
    nobodyAvailable: outcomes.filter((outcome) => outcome.nobodyAvailable).length,
    leftAddresses: outcomes.filter((outcome) => outcome.leftAddress).length,
    csat: {
      ratings: ratings.length,
      average: ratings.length === 0 ? null : ratings.reduce((sum, score) => sum + score, 0) / ratings.length,
      satisfied: ratings.length === 0 ? null : ratings.filter((score) => score >= 4).length / ratings.length,
    },
    timeToFirstAnswerMs: { count: waits.length, p50: percentile(waits, 0.5), p95: percentile(waits, 0.95) },
    resolutions: {
      confirmed: outcomes.filter((outcome) => outcome.resolution === 'confirmed').length,
      assumed: outcomes.filter((outcome) => outcome.resolution === 'assumed').length,
    },
  };
}

/** UTC days from `from` up to `to` (exclusive), at most 366. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(to);
  for (let time = Date.parse(from.slice(0, 10)); time < end && days.length < 366; time += 86_400_000) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}
