import { foldWord, wordMatches } from './text.ts';

/**
 * A small phrase language for lexicons and merchant topic lists, matched word by word on folded text:
 * - words separated by spaces must appear in that order: `cancel my account`
 * - `a|b|c` is any of the alternatives: `talk|speak to`
 * - a trailing `*` matches any word starting with it: `refund*` (refund, refunds, refunded)
 * - `..` lets up to three other words sit in between: `talk .. human|person`
 * Accents and case do not matter; write entries as people spell them.
 */
export type PhrasePattern = ReadonlyArray<PatternStep>;

type PatternStep =
  | { kind: 'word'; options: ReadonlyArray<{ word: string; prefix: boolean }> }
  | { kind: 'gap'; maximum: number };

export interface PhraseMatch {
  /** Index of the first matched word. */
  start: number;
  /** Index after the last matched word. */
  end: number;
}

const GAP = '..';
const GAP_WORDS = 3;

export class PhrasePatternError extends Error {
  readonly code = 'invalid_phrase_pattern';
  constructor(source: string, reason: string) {
    super(`[tandem] [policy] phrase pattern "${source}" ${reason}`);
    this.name = 'PhrasePatternError';
  }
}

export function compilePhrase(source: string): PhrasePattern {
  const steps: PatternStep[] = [];
  for (const token of source.trim().split(/\s+/)) {
    if (token === GAP) {
      if (steps.length === 0) throw new PhrasePatternError(source, 'must not start with ".."');
      steps.push({ kind: 'gap', maximum: GAP_WORDS });
      continue;
    }
    const options = token.split('|').map((alternative) => {
      const prefix = alternative.endsWith('*');
      const word = foldWord(prefix ? alternative.slice(0, -1) : alternative);
      if (word.length === 0 || word.includes(' ')) {
        throw new PhrasePatternError(source, `has "${alternative}", which is not a single word`);
      }
      return { word, prefix };
    });
    steps.push({ kind: 'word', options });
  }
  if (steps.length === 0) throw new PhrasePatternError(source, 'is empty');
  if (steps.at(-1)?.kind === 'gap') throw new PhrasePatternError(source, 'must not end with ".."');
  return steps;
}

/** Every place the pattern occurs in `text` (folded words), leftmost first, shortest per start. */
export function findPhrase(pattern: PhrasePattern, text: readonly string[]): PhraseMatch[] {
  const matches: PhraseMatch[] = [];
  for (let start = 0; start < text.length; start++) {
    const end = matchFrom(pattern, 0, text, start);
    if (end !== undefined) matches.push({ start, end });
  }
  return matches;
}

// --- internal ---

function matchFrom(
  pattern: PhrasePattern,
  stepIndex: number,
  text: readonly string[],
  position: number,
): number | undefined {
  const step = pattern[stepIndex];
  if (step === undefined) return position;
  if (step.kind === 'gap') {
    for (let skip = 0; skip <= step.maximum; skip++) {
      const end = matchFrom(pattern, stepIndex + 1, text, position + skip);
      if (end !== undefined) return end;
    }
    return undefined;
  }
  const word = text[position];
  if (word === undefined) return undefined;
  if (!step.options.some((option) => wordMatches(word, option.word, option.prefix))) return undefined;
  return matchFrom(pattern, stepIndex + 1, text, position + 1);
}
