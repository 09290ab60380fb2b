import { describe, expect, it } from 'vitest';
import { detectLoop } from './loops.ts';

const options = { similarity: 0.6, lowConfidenceBelow: 0.6 };

describe('loops', () => {
  it('notices the visitor asking the same thing again', () => {
    const signal = detectLoop(
      ['Where is my refund for order 1234?', 'Thanks', 'I asked already: where is my refund for order 1234??'],
      [],
      options,
    );
    expect(signal.repeats).toBe(1);
    expect(signal.similarity).toBeGreaterThan(0.6);
  });

  it('does not count different questions or short acknowledgements', () => {
    expect(detectLoop(['How do I return a dress?', 'Do you ship to Norway?'], [], options).repeats).toBe(0);
    expect(detectLoop(['ok', 'thanks', 'ok'], [], options).repeats).toBe(0);
  });

  it('counts unsure assistant turns in a row, newest last', () => {
    expect(detectLoop([], [0.9, 0.4, 0.3], options).lowConfidenceStreak).toBe(2);
    expect(detectLoop([], [0.3, 0.4, 0.9], options).lowConfidenceStreak).toBe(0);
  });
});
