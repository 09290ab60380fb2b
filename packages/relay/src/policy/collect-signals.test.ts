import type { Message } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { createSignalCollector, type SignalInput } from './collect-signals.ts';
import { resolvePolicyConfig } from './config.ts';
import { scoreFrustration } from './signals/frustration.ts';

const VISITOR_TEXTS = [
  'Hi, where is my parcel?',
  'It was supposed to arrive on Monday.',
  'This is ridiculous, nobody answers my emails!',
  'Still nothing. Cancelled again, third time this month.',
  'Danke, das hilft mir nicht.',
];

function transcript(texts: readonly string[]): Message[] {
  return texts.flatMap((text, index) => [
    { id: `v${index}`, role: 'visitor' as const, text, createdAt: '2026-12-05T10:00:00.000Z' },
    { id: `a${index}`, role: 'assistant' as const, text: 'Let me check.', createdAt: '2026-12-05T10:00:01.000Z' },
  ]);
}

function input(texts: readonly string[], locale?: string): SignalInput {
  return {
    transcript: transcript(texts),
    identityVerified: false,
    previousConfidences: [],
    ...(locale ? { locale } : {}),
  };
}

describe('the signal collector', () => {
  it('gives every visitor message of a growing conversation the score it would get on its own, turn after turn', () => {
    const collector = createSignalCollector(resolvePolicyConfig());
    for (let turn = 1; turn <= VISITOR_TEXTS.length; turn++) {
      const texts = VISITOR_TEXTS.slice(0, turn);
      // Collected twice a turn, as the assistant turn does (before the model, then with its assessment).
      const before = collector.collect(input(texts, 'en-GB'));
      const after = collector.collect(input(texts, 'en-GB'));
      const alone = texts.map((text) => scoreFrustration(text, { locale: 'en-GB' }).score);
      expect(before.sentimentHistory).toEqual(alone);
      expect(after.sentimentHistory).toEqual(alone);
    }
  });

  it('scores the same words in the visitor’s own language: a remembered score never crosses locales', () => {
    const collector = createSignalCollector(resolvePolicyConfig());
    const text = 'Das ist eine Frechheit, schon wieder storniert!';
    const english = collector.collect(input([text], 'en')).sentimentHistory;
    const german = collector.collect(input([text], 'de')).sentimentHistory;
    const unknown = collector.collect(input([text])).sentimentHistory;
    expect(english).toEqual([scoreFrustration(text, { locale: 'en' }).score]);
    expect(german).toEqual([scoreFrustration(text, { locale: 'de' }).score]);
    expect(unknown).toEqual([scoreFrustration(text).score]);
  });

  it('flags the upset message among calm ones, so a remembered score still reaches the policy', () => {
    const collector = createSignalCollector(resolvePolicyConfig());
    collector.collect(input(VISITOR_TEXTS.slice(0, 2)));
    const signals = collector.collect(input(VISITOR_TEXTS.slice(0, 3)));
    const [first, second, upset] = signals.sentimentHistory;
    expect(upset).toBeLessThan(Math.min(first ?? 0, second ?? 0));
  });
});
