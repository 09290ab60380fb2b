import { describe, expect, it } from 'vitest';
import { type PolicyConfigInput, resolvePolicyConfig } from './config.ts';
import { decide, type EscalationDecision } from './decide.ts';
import type { EscalationSignals } from './signals.ts';

const calm: EscalationSignals = {
  sentimentHistory: [0],
  humanRequest: { requested: false },
  topics: [],
  customer: { vip: false },
  loop: { repeats: 0, similarity: 0, lowConfidenceStreak: 0 },
  smalltalk: false,
};
const sure = { confidence: 0.9, sentiment: 0, intent: 'question' as const, topics: [] };
const config = resolvePolicyConfig();

const cases: Array<[string, Partial<EscalationSignals>, Partial<EscalationDecision>]> = [
  ['a calm question before the assistant speaks', {}, { escalate: false, reasons: [], priority: 'normal' }],
  ['a calm question the assistant is sure of', { assistant: sure }, { escalate: false, reasons: [] }],
  [
    'an explicit request for a person',
    { humanRequest: { requested: true, phrase: 'talk to a person' } },
    { escalate: true, reasons: ['human_requested'], priority: 'normal' },
  ],
  [
    'the model reading that the visitor wants a human',
    { assistant: { ...sure, intent: 'wants-human' } },
    { escalate: true, reasons: ['human_requested'] },
  ],
  [
    'a picture sent without a word: the assistant cannot look at it',
    { attachment: { attached: true, textless: true } },
    { escalate: true, reasons: ['attachment'], priority: 'normal' },
  ],
  [
    'a picture with a question the assistant can answer without it',
    { attachment: { attached: true, textless: false }, assistant: sure },
    { escalate: false, reasons: [] },
  ],
  [
    'a picture with a question the assistant says depends on it',
    { attachment: { attached: true, textless: false }, assistant: { ...sure, intent: 'wants-human' } },
    { escalate: true, reasons: ['attachment'] },
  ],
  [
    'a picture with an explicit request for a person',
    {
      attachment: { attached: true, textless: false },
      humanRequest: { requested: true, phrase: 'talk to a person' },
    },
    { escalate: true, reasons: ['human_requested'] },
  ],
  [
    'an unsure assistant',
    { assistant: { ...sure, confidence: 0.3 } },
    { escalate: true, reasons: ['low_confidence'], priority: 'normal' },
  ],
  [
    'an unsure assistant answering smalltalk',
    { smalltalk: true, assistant: { ...sure, confidence: 0 } },
    { escalate: false },
  ],
  [
    'an angry visitor',
    { sentimentHistory: [-0.7] },
    { escalate: true, reasons: ['negative_sentiment'], priority: 'normal' },
  ],
  ['a furious visitor, urgently', { sentimentHistory: [-0.9] }, { escalate: true, priority: 'high' }],
  [
    'a visitor the model reads as angry though the words are mild',
    { sentimentHistory: [-0.1], assistant: { ...sure, sentiment: -0.7 } },
    { escalate: true, reasons: ['negative_sentiment'] },
  ],
  ['mildly negative and not worsening', { sentimentHistory: [-0.3, -0.3, -0.35] }, { escalate: false }],
  ['delighted, then mildly put out', { sentimentHistory: [0.7, -0.2] }, { escalate: false }],
  [
    'a mood that turns sour',
    { sentimentHistory: [0.4, 0.2, -0.45] },
    { escalate: true, reasons: ['worsening_sentiment'] },
  ],
  [
    'a sensitive topic, at its priority',
    { topics: [{ id: 'legal', priority: 'high', phrase: 'lawyer' }] },
    { escalate: true, reasons: ['sensitive_topic'], priority: 'high', topics: ['legal'] },
  ],
  [
    'a sensitive topic the model names',
    { assistant: { ...sure, topics: ['fraud', 'orders'] } },
    { escalate: true, reasons: ['sensitive_topic'], topics: ['fraud'], priority: 'high' },
  ],
  [
    'a topic the model names that is not configured',
    { assistant: { ...sure, topics: ['orders'] } },
    { escalate: false, topics: [] },
  ],
  [
    'the same question asked again',
    { loop: { repeats: 1, similarity: 0.8, lowConfidenceStreak: 0 } },
    { escalate: true, reasons: ['repeated_question'] },
  ],
  [
    'two unsure turns in a row',
    { loop: { repeats: 0, similarity: 0, lowConfidenceStreak: 2 }, assistant: { ...sure, confidence: 0.55 } },
    { escalate: true, reasons: ['low_confidence_streak'] },
  ],
  ['a calm VIP', { customer: { tier: 'gold', vip: true } }, { escalate: false }],
  [
    'a VIP asking for a person, one step higher',
    { customer: { tier: 'gold', vip: true }, humanRequest: { requested: true } },
    { escalate: true, reasons: ['human_requested', 'vip'], priority: 'high' },
  ],
  [
    'an angry VIP on a legal threat, capped at urgent',
    {
      customer: { tier: 'vip', vip: true },
      sentimentHistory: [-0.9],
      topics: [{ id: 'legal', priority: 'high', phrase: 'lawyer' }],
    },
    { escalate: true, reasons: ['sensitive_topic', 'negative_sentiment', 'vip'], priority: 'urgent' },
  ],
];

describe('decide', () => {
  it.each(cases)('%s', (_name, signals, expected) => {
    expect(decide({ ...calm, ...signals }, config)).toMatchObject(expected);
  });

  it.each<[PolicyConfigInput, EscalationSignals, boolean]>([
    [{ confidenceFloor: 0.2 }, { ...calm, assistant: { ...sure, confidence: 0.3 } }, false],
    [{ sentimentFloor: -0.8 }, { ...calm, sentimentHistory: [-0.7] }, false],
    [{ humanRequests: false }, { ...calm, humanRequest: { requested: true } }, false],
    [{ vip: { alwaysEscalate: true } }, { ...calm, customer: { tier: 'vip', vip: true } }, true],
    [
      { loop: { repeatedQuestions: 2 } },
      { ...calm, loop: { repeats: 1, similarity: 1, lowConfidenceStreak: 0 } },
      false,
    ],
    [{ topics: [] }, { ...calm, assistant: { ...sure, topics: ['fraud'] } }, false],
  ])('follows the configured thresholds: %j', (overrides, signals, escalate) => {
    expect(decide(signals, resolvePolicyConfig(overrides)).escalate).toBe(escalate);
  });
});

describe('policy configuration', () => {
  it('fills every threshold with a default', () => {
    expect(config).toMatchObject({ confidenceFloor: 0.5, sentimentFloor: -0.6, loop: { lowConfidenceTurns: 2 } });
    expect(config.topics.map((topic) => topic.id)).toEqual([
      'dispute',
      'fraud',
      'chargeback',
      'legal',
      'bereavement',
      'complaint',
    ]);
  });

  it('refuses bad values, naming them', () => {
    expect(() => resolvePolicyConfig({ confidenceFloor: 2 })).toThrow(/confidenceFloor/);
    expect(() => resolvePolicyConfig({ topics: [{ id: 'x', phrases: ['.. refund'] }] })).toThrow(/must not start/);
    expect(() => resolvePolicyConfig({ businessHours: { timeZone: 'Mars/Olympus', weekly: {} } })).toThrow(
      /IANA time zone/,
    );
  });
});
