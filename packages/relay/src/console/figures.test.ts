import type { ConversationEvent, Message } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import type { AnswerEntry, AuditEntry, HandoffReviewEntry } from '../audit/audit-log.ts';
import type { ConversationRecord } from '../store/store.ts';
import {
  type ConversationFacts,
  computeFigures,
  conversationOutcome,
  escalationPrecision,
  percentile,
} from './figures.ts';
import { groupUnanswered, unansweredQuestions } from './unanswered.ts';

let nextEventId = 1;

function message(role: Message['role'], text: string, at: string): ConversationEvent {
  return {
    id: nextEventId++,
    type: 'message',
    createdAt: at,
    message: { id: `m${nextEventId}`, role, text, createdAt: at },
  } as ConversationEvent;
}

function handoff(status: 'requested' | 'connected' | 'unavailable', at: string, reasons?: string[]): ConversationEvent {
  return {
    id: nextEventId++,
    type: 'handoff',
    createdAt: at,
    status,
    ...(reasons ? { reasons } : {}),
  } as ConversationEvent;
}

function record(id: string, createdAt: string, patch: Partial<ConversationRecord> = {}): ConversationRecord {
  return { id, siteId: 'default', createdAt, mode: 'assistant', identityVerified: false, ...patch };
}

function answer(conversationId: string, question: string, patch: Partial<AnswerEntry> = {}): AnswerEntry {
  return {
    type: 'answer',
    at: '2026-12-01T10:00:05.000Z',
    conversationId,
    messageId: 'a1',
    assistant: 'offline',
    model: 'retrieval',
    question,
    answer: '',
    citations: [],
    localSentiment: 0,
    topics: [],
    outcome: 'answered',
    escalate: false,
    reasons: [],
    latencyMs: { total: 10 },
    ...patch,
  };
}

function review(
  conversationId: string,
  verdict: 'needed' | 'not_needed',
  reasons: string[],
  at: string,
): HandoffReviewEntry {
  return { type: 'handoff-review', at, conversationId, verdict, reasons, source: 'console' };
}

/** Four conversations on two days: answered alone, handed off and rated, nobody there, opened and never used. */
function sample(): ConversationFacts[] {
  return [
    {
      record: record('answered', '2026-12-01T10:00:00.000Z'),
      events: [
        message('visitor', 'How long do I have to return an item?', '2026-12-01T10:00:01.000Z'),
        message('assistant', 'You have 30 days.', '2026-12-01T10:00:02.000Z'),
        message('visitor', 'Great, that solved it', '2026-12-01T10:01:00.000Z'),
      ],
      audit: [answer('answered', 'How long do I have to return an item?', { confidence: 0.9, citations: ['returns'] })],
    },
    {
      record: record('left', '2026-12-01T11:00:00.000Z'),
      events: [
        message('visitor', 'Do you ship to Norway?', '2026-12-01T11:00:00.000Z'),
        message('assistant', 'Yes, in 5 days.', '2026-12-01T11:00:04.000Z'),
      ],
      audit: [answer('left', 'Do you ship to Norway?', { confidence: 0.8, citations: ['shipping'] })],
    },
    {
      record: record('handed', '2026-12-02T09:00:00.000Z', {
        mode: 'closed',
        rating: { score: 4, savedAt: '2026-12-02T09:30:00.000Z' },
        handoff: {
          status: 'connected',
          reasons: ['negative_sentiment', 'topic:refund'],
          priority: 'high',
          source: 'policy',
          requestedAt: '2026-12-02T09:00:02.000Z',
        },
      }),
      events: [
        message('visitor', 'You charged me twice, this is a disgrace', '2026-12-02T09:00:01.000Z'),
        handoff('requested', '2026-12-02T09:00:02.000Z', ['negative_sentiment', 'topic:refund']),
        message('agent', 'I am refunding it now.', '2026-12-02T09:00:21.000Z'),
      ],
      audit: [
        answer('handed', 'You charged me twice, this is a disgrace', {
          outcome: 'escalated',
          escalate: true,
          reasons: ['negative_sentiment', 'topic:refund' as never],
        }),
        review('handed', 'not_needed', ['negative_sentiment', 'topic:refund'], '2026-12-02T10:00:00.000Z'),
        review('handed', 'needed', ['negative_sentiment', 'topic:refund'], '2026-12-02T11:00:00.000Z'),
      ],
    },
    {
      record: record('nobody', '2026-12-02T23:00:00.000Z', {
        mode: 'assistant',
        contact: { email: 'ada@example.com', savedAt: '2026-12-02T23:01:00.000Z' },
        handoff: {
          status: 'unavailable',
          reasons: ['visitor_request'],
          priority: 'normal',
          source: 'visitor',
          requestedAt: '2026-12-02T23:00:10.000Z',
        },
      }),
      events: [
        message('visitor', 'Can I change the colour of my sofa order?', '2026-12-02T23:00:01.000Z'),
        message('assistant', 'I am not sure about that.', '2026-12-02T23:00:09.000Z'),
        handoff('requested', '2026-12-02T23:00:10.000Z', ['visitor_request']),
        handoff('unavailable', '2026-12-02T23:00:10.000Z', ['visitor_request']),
      ],
      audit: [
        answer('nobody', 'Can I change the colour of my sofa order?', { confidence: 0.2 }),
        review('nobody', 'needed', ['visitor_request'], '2026-12-03T08:00:00.000Z'),
      ],
    },
    { record: record('unused', '2026-12-02T12:00:00.000Z'), events: [], audit: [] },
    {
      record: record('outside', '2026-11-20T12:00:00.000Z'),
      events: [message('visitor', 'Hello?', '2026-11-20T12:00:01.000Z')],
      audit: [],
    },
  ];
}

describe('the console figures', () => {
  const figures = computeFigures(sample(), { from: '2026-12-01T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z' });

  it('count conversations, answered alone, handed off by reason, nobody available and left addresses', () => {
    expect(figures.total).toMatchObject({
      conversations: 4,
      answeredByAssistant: 2,
      handedOff: 2,
      handedOffByReason: { negative_sentiment: 1, 'topic:refund': 1, visitor_request: 1 },
      nobodyAvailable: 1,
      leftAddresses: 1,
    });
  });

  it('give CSAT and time to first answer as p50 and p95', () => {
    expect(figures.total.csat).toEqual({ ratings: 1, average: 4, satisfied: 1 });
    // Waits: 1 s, 4 s, 20 s, 8 s.
    expect(figures.total.timeToFirstAnswerMs).toEqual({ count: 4, p50: 4000, p95: 20000 });
    expect(percentile([], 0.5)).toBeNull();
  });

  it('count a resolution the visitor confirmed apart from one assumed because the visitor left', () => {
    expect(figures.total.resolutions).toEqual({ confirmed: 2, assumed: 1 });
    const [said, left, handed] = sample().map(conversationOutcome);
    expect(said?.resolution).toBe('confirmed');
    expect(left?.resolution).toBe('assumed');
    expect(handed?.resolution).toBe('confirmed');
  });

  it('split by UTC day, days without conversations included', () => {
    expect(figures.days.map((day) => [day.day, day.conversations, day.handedOff])).toEqual([
      ['2026-12-01', 2, 0],
      ['2026-12-02', 2, 2],
    ]);
    const quiet = computeFigures(sample(), { from: '2026-12-05T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' });
    expect(quiet.days.map((day) => day.conversations)).toEqual([0, 0]);
    expect(quiet.total.timeToFirstAnswerMs.p50).toBeNull();
  });

  it('measure escalation precision by reason from the newest mark of each conversation', () => {
    expect(figures.precision).toEqual([
      { reason: 'all', needed: 2, notNeeded: 0, precision: 1 },
      { reason: 'negative_sentiment', needed: 1, notNeeded: 0, precision: 1 },
      { reason: 'topic:refund', needed: 1, notNeeded: 0, precision: 1 },
      { reason: 'visitor_request', needed: 1, notNeeded: 0, precision: 1 },
    ]);
    const marks = [
      review('a', 'needed', ['low_confidence'], '2026-12-01T00:00:00.000Z'),
      review('b', 'not_needed', ['low_confidence'], '2026-12-01T00:00:00.000Z'),
      review('c', 'not_needed', ['low_confidence', 'vip'], '2026-12-01T00:00:00.000Z'),
    ];
    expect(escalationPrecision(marks).find((line) => line.reason === 'low_confidence')).toEqual({
      reason: 'low_confidence',
      needed: 1,
      notNeeded: 2,
      precision: 1 / 3,
    });
  });

  it('list the questions the assistant could not answer', () => {
    expect(figures.unanswered.map((group) => group.representative)).toEqual([
      'Can I change the colour of my sofa order?',
    ]);
  });
});

describe('grouping unanswered questions', () => {
  const entries: AuditEntry[] = [
    answer('c1', 'Can I pay with PayPal?', { outcome: 'escalated', reasons: ['low_confidence'] }),
    answer('c2', 'do you take paypal payments', { confidence: 0.1, at: '2026-12-02T10:00:00.000Z' }),
    answer('c3', 'Is PayPal accepted at checkout?', { confidence: 0.2 }),
    answer('c4', 'Where is the store in Oslo?', { outcome: 'failed' }),
    answer('c5', 'What are your opening hours?', { confidence: 0.9, citations: ['hours'] }),
    answer('c6', 'Hours of the Oslo shop?', { confidence: 0.3, citations: ['hours'] }),
  ];
  const questions = unansweredQuestions(entries.filter((entry): entry is AnswerEntry => entry.type === 'answer'));

  it('takes failed, unsure and unsourced low-confidence answers, not confident or sourced ones', () => {
    expect(questions.map((question) => [question.conversationId, question.why])).toEqual([
      ['c1', 'low_confidence'],
      ['c2', 'no_sources'],
      ['c3', 'no_sources'],
      ['c4', 'failed'],
    ]);
  });

  it('groups alike questions by TF-IDF cosine and drafts a knowledge section for each group', () => {
    const groups = groupUnanswered(questions);
    expect(groups.map((group) => group.questions.map((question) => question.conversationId).sort())).toEqual([
      ['c1', 'c2', 'c3'],
      ['c4'],
    ]);
    const [paypal] = groups;
    expect(paypal?.terms).toContain('paypal');
    expect(paypal?.questions[0]?.conversationId).toBe('c2');
    expect(paypal?.draft).toMatch(/^## .*paypal/i);
    expect(paypal?.draft).toContain('Customers asked (3 times):');
    expect(paypal?.draft).toContain('- do you take paypal payments');
    expect(groupUnanswered([])).toEqual([]);
  });
});
