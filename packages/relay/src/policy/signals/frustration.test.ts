import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { frustrationThresholds, scoreFrustration } from './frustration.ts';
import { frustrationDenseFeatures, frustrationFeatures } from './frustration-features.ts';
import { FRUSTRATION_MODEL } from './frustration-model.ts';

const fixturePath = fileURLToPath(new URL('../../../training/frustration-fixture.json', import.meta.url));
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as Array<{
  text: string;
  locale: string;
  probability: number;
}>;

// What the policy flags by default: a score at or below the default sentimentFloor (−0.6), which is the classifier's
// threshold or the lexicon's own flag.
const flagged = (text: string, locale = 'en') => scoreFrustration(text, { locale }).score <= -0.6;

describe('frustration classifier', () => {
  it.each(fixture)('reproduces the training script’s probability for "$text"', ({ text, locale, probability }) => {
    expect(scoreFrustration(text, { locale }).probability).toBeCloseTo(probability, 9);
  });

  it('ships its weights and word lists as data within the size budget (2 MB)', () => {
    const bytes = ['./frustration-model.ts', './frustration-word-scores.ts', './frustration-lexicons.ts']
      .map((file) => statSync(fileURLToPath(new URL(file, import.meta.url))).size)
      .reduce((sum, size) => sum + size, 0);
    expect(bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(atob(FRUSTRATION_MODEL.weights).length).toBe(2 ** FRUSTRATION_MODEL.bucketBits);
    expect(FRUSTRATION_MODEL.denseWeights).toHaveLength(frustrationDenseFeatures('', 0, 'en').length);
  });

  it('reads what published word ratings know, in the language of the message', () => {
    const [, , vaderNegative, , afinnNegative] = frustrationDenseFeatures('This is appalling', 0, 'en');
    expect(vaderNegative).toBeGreaterThan(0);
    expect(afinnNegative).toBeGreaterThan(0);
    const [, , , , germanNegative] = frustrationDenseFeatures('Das ist schrecklich', 0, 'de');
    expect(germanNegative).toBeGreaterThan(0);
    expect(frustrationDenseFeatures('Where is my order?', 0, 'en').slice(2)).toEqual([0, 0, 0, 0]);
  });

  it('flags complaints told as facts, which the lexicon scored 0', () => {
    expect(flagged('Still no plane at the gate. Cancelled again.')).toBe(true);
    expect(flagged('Thanks for nothing, three hours on hold')).toBe(true);
    expect(flagged('still waiting for my refund')).toBe(true);
    expect(flagged('Your incompetence is unbelievable')).toBe(true);
  });

  it('flags profanity and word forms that no training message held', () => {
    expect(flagged('this is fucking ridiculous')).toBe(true);
    expect(flagged('what a load of crap')).toBe(true);
    // "negligence" is in no training message; it shares its character grams with "negligent".
    expect(flagged('Gross negligence on your part')).toBe(true);
    expect(flagged('Such incompetence.')).toBe(true);
  });

  it('flags a late, incomplete order told without a single angry word', () => {
    expect(flagged('My order arrived two weeks late and half of it is missing')).toBe(true);
    expect(flagged('Nobody has answered my emails for a week')).toBe(true);
  });

  it('leaves plain shopping questions alone', () => {
    expect(flagged('Can I pay with PayPal?')).toBe(false);
    expect(flagged('Do you ship to Norway?')).toBe(false);
    expect(flagged('Is the jacket waterproof?')).toBe(false);
    expect(flagged('What is your refund policy?')).toBe(false);
  });

  it('leaves routine questions and thanks alone', () => {
    expect(flagged('How long do I have to return an item?')).toBe(false);
    expect(flagged('What sizes does the blue jacket come in?')).toBe(false);
    expect(flagged('Great, thanks, that is all I needed!')).toBe(false);
    expect(flagged('My flight LHR to JFK is BA123, can I add a bag?')).toBe(false);
  });

  it('reads frustration in the widget languages', () => {
    expect(flagged('Llevo tres semanas esperando y nadie me responde, es una vergüenza', 'es')).toBe(true);
    expect(flagged('Das ist eine Unverschämtheit, ich warte seit Wochen', 'de')).toBe(true);
    expect(flagged('Je suis très déçu, personne ne répond à mes messages', 'fr')).toBe(true);
    expect(flagged('Estou muito chateado, ninguém responde', 'pt')).toBe(true);
    expect(flagged('هذه المرة الثالثة، الخدمة سيئة جدا', 'ar')).toBe(true);
  });

  it('puts each language’s thresholds on the policy’s scale: flag at −0.6, high priority at −0.8', () => {
    for (const text of ['Your incompetence is unbelievable', 'How long do I have to return an item?']) {
      const signal = scoreFrustration(text, { locale: 'en' });
      const { flag, high } = frustrationThresholds('en');
      expect(signal.score <= -0.6).toBe(signal.probability >= flag);
      expect(signal.score <= -0.8).toBe(signal.probability >= high);
    }
    expect(scoreFrustration('Thank you so much, that was really helpful!').score).toBeGreaterThan(0);
  });

  it('hashes the same message to the same features, and a long message costs no more than its start', () => {
    expect(frustrationFeatures('Where is my order??', ['??'])).toEqual(
      frustrationFeatures('Where is my order??', ['??']),
    );
    const long = 'still waiting '.repeat(1000);
    expect(frustrationFeatures(long).buckets).toEqual(frustrationFeatures(long.slice(0, 1000)).buckets);
  });
});
