import { describeReason } from '@tandem/handoff';
import type { ConversationMode, Message } from '@tandem/protocol';
import type { AnswerEntry, AuditEntry, AuditLog, DecisionEntry, HandoffReviewEntry } from '../audit/audit-log.ts';
import type { InboxHandoff } from '../handoff/inbox/inbox-adapter.ts';
import type { HandoffRunner } from '../handoff/runner.ts';
import type { ConversationStore } from '../store/store.ts';
import type { ConversationFacts } from './figures.ts';

export interface ConsoleDataOptions {
  store: ConversationStore;
  audit: AuditLog;
  runner?: HandoffRunner | undefined;
  inbox?: InboxHandoff | undefined;
}

/** A conversation in the console's list. */
export interface ConversationSummary {
  conversationId: string;
  createdAt: string;
  mode: ConversationMode;
  /** The mode in words: "Assistant answering", "Waiting for a person", "With a person", "Closed". */
  modeText: string;
  /** When a person was asked for and the conversation still waits. */
  waitingSince?: string;
  customer: string | null;
  /** The newest visitor message, so the lead sees the open question. */
  lastQuestion: string | null;
  lastActivityAt: string;
  /** Local sentiment of each visitor message, oldest first. */
  sentiment: number[];
  reasons: string[];
  /** The reasons in words with their codes. */
  why: string[];
  handoffStatus: string | null;
  ticket: { adapter: string; id: string; url: string | null } | null;
  /** The local inbox ticket, when this conversation is answered on the console itself. */
  inboxTicketId: string | null;
  rating: number | null;
  verdict: HandoffReviewEntry['verdict'] | null;
}

/** An assistant answer with what the audit log knows of it. */
export interface AnsweredTurn {
  confidence: number | null;
  citations: string[];
  outcome: AnswerEntry['outcome'];
  /** The policy's decisions for the turn (before the assistant, after its assessment), with their inputs. */
  decisions: DecisionEntry[];
  latencyMs: AnswerEntry['latencyMs'];
}

export interface TranscriptLine {
  message: Message;
  /** Present for assistant messages the audit log recorded. */
  turn?: AnsweredTurn;
}

/** Turns that ended without a shown answer (escalated before any text, failed), in order. */
export interface UnshownTurn {
  at: string;
  question: string;
  outcome: AnswerEntry['outcome'];
  confidence: number | null;
  reasons: string[];
  why: string[];
  decisions: DecisionEntry[];
}

const MODE_TEXT: Record<ConversationMode, string> = {
  assistant: 'Assistant answering',
  waiting: 'Waiting for a person',
  human: 'With a person',
  closed: 'Closed',
};

/**
 * Reads what the console shows from the relay's own parts: conversations the audit log or the inbox knows, their
 * records and events from the store, tickets from the handoff runner. No other service is needed.
 */
export class ConsoleData {
  constructor(private readonly options: ConsoleDataOptions) {}

  /** Conversations with audit entries since `since` or handed to the inbox, newest activity first. */
  async conversationIds(since?: string): Promise<string[]> {
    const entries = await this.options.audit.list(since !== undefined ? { since } : {});
    const latest = new Map<string, string>();
    const seen = (conversationId: string, at: string) => {
      if ((latest.get(conversationId) ?? '') < at) latest.set(conversationId, at);
    };
    for (const entry of entries) seen(entry.conversationId, entry.at);
    for (const entry of (await this.options.inbox?.list()) ?? []) {
      if (since === undefined || entry.openedAt >= since) seen(entry.context.conversationId, entry.openedAt);
    }
    return [...latest.entries()].sort((left, right) => right[1].localeCompare(left[1])).map(([id]) => id);
  }

  async facts(conversationId: string, audit?: readonly AuditEntry[]): Promise<ConversationFacts | undefined> {
    const record = await this.options.store.getConversation(conversationId);
    if (!record) return undefined;
    const events = await this.options.store.readEvents(conversationId, 0);
    return { record, events, audit: audit ?? (await this.options.audit.list({ conversationId })) };
  }

  /** Every conversation's facts since `since` (the `limit` most recently active), reading the audit log once. */
  async allFacts(since?: string, limit?: number): Promise<ConversationFacts[]> {
    const entries = await this.options.audit.list(since !== undefined ? { since } : {});
    const byConversation = new Map<string, AuditEntry[]>();
    for (const entry of entries) {
      const list = byConversation.get(entry.conversationId) ?? [];
      list.push(entry);
      byConversation.set(entry.conversationId, list);
    }
    const ids = (await this.conversationIds(since)).slice(0, limit);
    const facts = await Promise.all(ids.map((id) => this.facts(id, byConversation.get(id) ?? [])));
    return facts.filter((item): item is ConversationFacts => item !== undefined);
  }

  /** The list: at most `limit` conversations, those with the newest recorded activity. */
  async summaries(since?: string, limit = 200): Promise<ConversationSummary[]> {
    const inboxTickets = new Map(
      ((await this.options.inbox?.list()) ?? []).map((entry) => [entry.context.conversationId, entry.ticket.id]),
    );
    const facts = await this.allFacts(since, limit);
    const summaries = await Promise.all(facts.map((item) => this.summary(item, inboxTickets.get(item.record.id))));
    return summaries.sort((left, right) => right.lastActivityAt.localeCompare(left.lastActivityAt));
  }

  async summary(facts: ConversationFacts, inboxTicketId?: string): Promise<ConversationSummary> {
    const { record, events, audit } = facts;
    const messages = events.flatMap((event) => (event.type === 'message' ? [event.message] : []));
    const decisions = audit.filter((entry): entry is DecisionEntry => entry.type === 'decision');
    const reviews = audit.filter((entry): entry is HandoffReviewEntry => entry.type === 'handoff-review');
    const ticket = await this.options.runner?.ticketOf(record.id);
    const reasons = record.handoff?.reasons ?? [];
    const customer = record.identity?.name ?? record.identity?.email ?? null;
    return {
      conversationId: record.id,
      createdAt: record.createdAt,
      mode: record.mode,
      modeText: MODE_TEXT[record.mode],
      ...(record.mode === 'waiting' && record.handoff ? { waitingSince: record.handoff.requestedAt } : {}),
      customer,
      lastQuestion: messages.findLast((message) => message.role === 'visitor')?.text ?? null,
      lastActivityAt: events.at(-1)?.createdAt ?? record.createdAt,
      sentiment: decisions.at(-1)?.signals.sentimentHistory ?? [],
      reasons,
      why: reasons.map(describeReason),
      handoffStatus: record.handoff?.status ?? null,
      ticket: ticket ? { adapter: ticket.ticket.adapter, id: ticket.ticket.id, url: ticket.ticket.url ?? null } : null,
      inboxTicketId: inboxTicketId ?? null,
      rating: record.rating?.score ?? null,
      verdict: reviews.at(-1)?.verdict ?? null,
    };
  }

  /** The transcript with each assistant answer's confidence, citations and the policy's decisions with inputs. */
  transcript(facts: ConversationFacts): { lines: TranscriptLine[]; unshown: UnshownTurn[] } {
    const answers = facts.audit.filter((entry): entry is AnswerEntry => entry.type === 'answer');
    const decisions = facts.audit.filter((entry): entry is DecisionEntry => entry.type === 'decision');
    // Decisions belong to the turn whose answer entry follows them; a turn escalated before the assistant has none.
    const turnDecisions = (answer: AnswerEntry | undefined, previousAt: string) =>
      decisions.filter((decision) => decision.at > previousAt && (answer === undefined || decision.at <= answer.at));
    const byMessageId = new Map<string, AnsweredTurn>();
    const unshown: UnshownTurn[] = [];
    let previousAt = '';
    for (const answer of answers) {
      const own = turnDecisions(answer, previousAt);
      previousAt = answer.at;
      if (answer.outcome === 'answered') {
        byMessageId.set(answer.messageId, {
          confidence: answer.confidence ?? null,
          citations: answer.citations,
          outcome: answer.outcome,
          decisions: own,
          latencyMs: answer.latencyMs,
        });
      } else {
        unshown.push(unshownTurn(answer.at, answer.question, answer.outcome, answer.confidence, answer.reasons, own));
      }
    }
    // Escalated on the visitor's words alone: a decision with no answer after it.
    for (const decision of turnDecisions(undefined, previousAt)) {
      if (decision.escalate)
        unshown.push(unshownTurn(decision.at, '', 'escalated', undefined, decision.reasons, [decision]));
    }
    const lines = facts.events.flatMap((event) => {
      if (event.type !== 'message') return [];
      const turn = event.message.role === 'assistant' ? byMessageId.get(event.message.id) : undefined;
      return [{ message: event.message, ...(turn ? { turn } : {}) }];
    });
    return { lines, unshown };
  }
}

// --- internal ---

function unshownTurn(
  at: string,
  question: string,
  outcome: AnswerEntry['outcome'],
  confidence: number | undefined,
  reasons: readonly string[],
  decisions: DecisionEntry[],
): UnshownTurn {
  return {
    at,
    question,
    outcome,
    confidence: confidence ?? null,
    reasons: [...reasons],
    why: reasons.map(describeReason),
    decisions,
  };
}
