import { SENTIMENT_LEXICONS } from './sentiment-lexicon.ts';
import { words } from './text.ts';

export interface LoopSignal {
  /** How many earlier visitor messages ask what the newest one asks. */
  repeats: number;
  /** The highest similarity (0..1) of the newest visitor message to an earlier one. */
  similarity: number;
  /** Assistant turns in a row, newest last, with confidence under the loop threshold. */
  lowConfidenceStreak: number;
}

export interface LoopOptions {
  /** Two messages with at least this similarity ask the same thing. Default 0.6. */
  similarity: number;
  /** An assistant turn under this confidence counts toward the streak. Default 0.6. */
  lowConfidenceBelow: number;
}

// Function words say nothing about what is asked; the widget languages' frequent words are dropped.
const FUNCTION_WORDS = new Set([
  ...Object.values(SENTIMENT_LEXICONS).flatMap((lexicon) => lexicon.stopwords),
  ...'a an be do does did i is it me my of on or so that to what when where which who why how will you your please hi hello again still already just now can could would there here this yes no ok okay'.split(
    ' ',
  ),
]);
// Very short messages ("ok", "yes", "thanks") repeat all the time without being a loop.
const MINIMUM_TERMS = 2;
const CONTAINMENT_MINIMUM_TERMS = 3;

/**
 * Loops: the visitor asking the same thing again (overlap of content words with an earlier visitor
 * message), or the assistant being unsure several turns in a row.
 */
export function detectLoop(
  visitorMessages: readonly string[],
  assistantConfidences: readonly number[],
  options: LoopOptions,
): LoopSignal {
  const newest = visitorMessages.at(-1);
  let repeats = 0;
  let similarity = 0;
  if (newest !== undefined) {
    const newestTerms = contentTerms(newest);
    for (const earlier of visitorMessages.slice(0, -1)) {
      const score = termSimilarity(newestTerms, contentTerms(earlier));
      similarity = Math.max(similarity, score);
      if (score >= options.similarity) repeats++;
    }
  }
  let lowConfidenceStreak = 0;
  for (let index = assistantConfidences.length - 1; index >= 0; index--) {
    if ((assistantConfidences[index] ?? 1) >= options.lowConfidenceBelow) break;
    lowConfidenceStreak++;
  }
  return { repeats, similarity: Math.round(similarity * 1000) / 1000, lowConfidenceStreak };
}

/** Content words, lightly stemmed so "orders" and "order" meet. */
export function contentTerms(text: string): Set<string> {
  const terms = new Set<string>();
  for (const word of words(text)) {
    if (FUNCTION_WORDS.has(word)) continue;
    terms.add(word.length > 4 ? word.replace(/(es|s)$/, '') : word);
  }
  return terms;
}

/**
 * The mean of Jaccard (both share most words) and overlap (one is contained in the other, as in
 * "I asked already: where is my refund?"), so both kinds of repetition score high.
 */
export function termSimilarity(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size < MINIMUM_TERMS || right.size < MINIMUM_TERMS) return 0;
  let shared = 0;
  for (const term of left) if (right.has(term)) shared++;
  const jaccard = shared / (left.size + right.size - shared);
  // Containment means little when one side has only two words ("where is my order 4411?").
  if (Math.min(left.size, right.size) < CONTAINMENT_MINIMUM_TERMS) return jaccard;
  const overlap = shared / Math.min(left.size, right.size);
  return (jaccard + overlap) / 2;
}
