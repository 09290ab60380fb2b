import type { Priority } from '@tandem/protocol';
import type { Availability } from '../policy/availability/availability.ts';
import type { EscalationReason } from '../policy/signals.ts';

/** When in a turn the policy decided. */
export type DecisionStage =
  /** On the visitor's message alone, before the assistant was asked. */
  | 'before-assistant'
  /** On the assistant's assessment, before any of its text was shown. */
  | 'after-assessment';

export interface DecisionEntry {
  type: 'decision';
  at: string;
  conversationId: string;
  stage: DecisionStage;
  /** The inputs, so the decision can be replayed: local signals and the assistant's assessment if any. */
  signals: {
    sentiment: number;
    sentimentHistory: number[];
    humanRequest: boolean;
    humanRequestPhrase?: string;
    topics: Array<{ id: string; phrase: string }>;
    vip: boolean;
    tier?: string;
    repeats: number;
    lowConfidenceStreak: number;
    smalltalk: boolean;
    /** The visitor's message carried files; `attachmentOnly` when it had no words. Absent when it had none. */
    attachment?: boolean;
    attachmentOnly?: boolean;
    assistantConfidence?: number;
    assistantSentiment?: number;
    assistantIntent?: 'question' | 'wants-human' | 'complaint' | 'smalltalk' | 'other';
    /** The assistant's topic labels: a configured sensitive topic among them escalates, so replay needs them. */
    assistantTopics?: string[];
  };
  escalate: boolean;
  reasons: EscalationReason[];
  priority: Priority;
  /** Hand off now, or tell the visitor nobody is there; only when escalating. */
  availability?: Availability;
}

export type AnswerOutcome =
  /** The answer was shown in full. */
  | 'answered'
  /** The policy handed off before any text was shown. */
  | 'escalated'
  /** The assistant failed (after its retries); the visitor was told and offered a person. */
  | 'failed';

export interface AnswerEntry {
  type: 'answer';
  at: string;
  conversationId: string;
  /** The assistant message id (shown or not). */
  messageId: string;
  assistant: string;
  model: string;
  promptVersion?: string;
  /** The visitor's question, redacted when redaction is on. */
  question: string;
  /** The answer text produced so far (all of it when answered), redacted when redaction is on. */
  answer: string;
  citations: string[];
  confidence?: number;
  /** The model's reading of the visitor's mood. */
  sentiment?: number;
  /** The local scorer's reading of the same message. */
  localSentiment: number;
  intent?: string;
  topics: string[];
  outcome: AnswerOutcome;
  escalate: boolean;
  reasons: EscalationReason[];
  /** Milliseconds from the start of the turn to the assessment, to the first text, and to the end. */
  latencyMs: { assessment?: number; firstText?: number; total: number };
  error?: { code: string; message: string };
}

/** Whether a person was really needed, as an agent judged a handoff afterwards. */
export type HandoffVerdict = 'needed' | 'not_needed';

/**
 * An agent's mark on a handoff: a label for the escalation policy, made in the console, with a Slack reaction or a
 * Zendesk tag. The newest mark of a conversation counts; `reasons` are the handoff's escalation reasons as the
 * conversation recorded them, so precision by reason needs no other entry. docs/console.md describes the shape.
 */
export interface HandoffReviewEntry {
  type: 'handoff-review';
  at: string;
  conversationId: string;
  verdict: HandoffVerdict;
  /** The escalation reasons of the handoff being judged ('visitor_request' when the visitor pressed the button). */
  reasons: string[];
  /** Who started the handoff: the visitor, the policy, or an agent who answered directly. */
  handoffSource?: 'visitor' | 'policy' | 'agent';
  /** Where the mark was made: 'console', or the handoff adapter's name ('slack', 'zendesk'). */
  source: string;
  /** The agent's name, when known. */
  reviewer?: string;
}

export type AuditEntry = DecisionEntry | AnswerEntry | HandoffReviewEntry;

export interface AuditQuery {
  conversationId?: string;
  /** ISO 8601: entries at or after this time. */
  since?: string;
  /** At most this many, the newest. */
  limit?: number;
}

/**
 * Where every escalation decision, every assistant answer and every agent's mark on a handoff is recorded.
 * Implementations: memory (default for `createRelay`), SQLite (`@tandem/relay/store/sqlite`, the `tandem-relay`
 * default).
 * Write your own (a database, a log shipper) against this interface and pass it as `createRelay({ audit: { log } })`.
 */
export interface AuditLog {
  readonly specificationVersion: 'v1';
  readonly name: string;
  record(entry: AuditEntry): Promise<void>;
  /** Entries in the order they were recorded. */
  list(query?: AuditQuery): Promise<AuditEntry[]>;
  /** Drops every entry of one conversation (a visitor's request to delete their data); returns how many. */
  deleteConversation?(conversationId: string): Promise<number>;
}

/** One JSON object per line, for `jq`, log shippers and spreadsheets. */
export function toJsonLines(entries: readonly AuditEntry[]): string {
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
}

/** Exports a log (or part of it) as JSON lines. */
export async function exportAuditLog(log: AuditLog, query?: AuditQuery): Promise<string> {
  return toJsonLines(await log.list(query));
}
