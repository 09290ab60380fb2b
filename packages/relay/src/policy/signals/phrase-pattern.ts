import { foldWord, wordVariants } from './text.ts';

/**
 * A small phrase language for lexicons and merchant topic lists, matched word by word on folded text:
 * - words separated by spaces must appear in that order: `cancel my account`
 * - `a|b|c` is any of the alternatives: `talk|speak to` (each alternative is one word)
 * - a trailing `*` matches any word starting with it: `refund*` (refund, refunds, refunded)
 * - a leading `*` matches any word ending with it, for compounds: `*mitarbeiter` (Servicemitarbeiter)
 * - `..` lets up to three other words sit in between: `talk .. human|person`
 * - `$` is the end of the message: `need a person $`
 * Accents and case do not matter; write entries as people spell them.
 */
export type PhrasePattern = ReadonlyArray<PatternStep>;

type PatternStep =
  | {
      kind: 'word';
      exact: ReadonlySet<string>;
      prefixes: readonly string[];
      suffixes: readonly string[];
      infixes: readonly string[];
      /** With typo tolerance: the exact words long enough to forgive one slip, by length. */
      forgiving?: ReadonlyMap<number, readonly string[]>;
    }
  | { kind: 'gap'; maximum: number }
  | { kind: 'end' };

export interface PhraseMatch {
  /** Index of the first matched word. */
  start: number;
  /** Index after the last matched word. */
  end: number;
}

/** Folded words with their variants (Arabic without attached prefixes), computed once per message. */
export interface PreparedText {
  readonly words: readonly string[];
  readonly variants: ReadonlyArray<readonly string[]>;
  /** Every variant of every word: a pattern needing a word the text lacks is passed over without a scan. */
  readonly vocabulary: ReadonlySet<string>;
}

const GAP = '..';
const END = '$';
const GAP_WORDS = 3;

export class PhrasePatternError extends Error {
  readonly code = 'invalid_phrase_pattern';
  constructor(source: string, reason: string) {
    super(`[tandem] [policy] phrase pattern "${source}" ${reason}`);
    this.name = 'PhrasePatternError';
  }
}

export interface CompileOptions {
  /**
   * Forgive one mistyped or swapped letter in words of five letters or more ("humna", "agnet", "reprezentative"),
   * keeping the length so "manage" never reads as "manager".
   */
  typos?: boolean;
}

// Shorter words have too many real neighbours ("talk"/"walk") to forgive a slip.
const TYPO_MINIMUM_LENGTH = 5;

export function compilePhrase(source: string, options: CompileOptions = {}): PhrasePattern {
  const steps: PatternStep[] = [];
  const tokens = source.trim().split(/\s+/);
  for (const [index, token] of tokens.entries()) {
    if (token === GAP) {
      if (steps.length === 0) throw new PhrasePatternError(source, 'must not start with ".."');
      steps.push({ kind: 'gap', maximum: GAP_WORDS });
      continue;
    }
    if (token === END) {
      if (index !== tokens.length - 1 || steps.length === 0) {
        throw new PhrasePatternError(source, 'may use "$" only as its last word');
      }
      steps.push({ kind: 'end' });
      continue;
    }
    const exact = new Set<string>();
    const prefixes: string[] = [];
    const suffixes: string[] = [];
    const infixes: string[] = [];
    for (const alternative of token.split('|')) {
      const prefix = alternative.length > 1 && alternative.endsWith('*');
      const suffix = alternative.length > 1 && alternative.startsWith('*');
      const word = foldWord(alternative.slice(suffix ? 1 : 0, prefix ? -1 : undefined));
      if (word.length === 0 || word.includes(' ')) {
        throw new PhrasePatternError(source, `has "${alternative}", which is not a single word`);
      }
      // Both: the word anywhere inside a compound ("*mitarbeiter*": Kundendienstmitarbeiterin).
      if (prefix && suffix) infixes.push(word);
      else if (prefix) prefixes.push(word);
      else if (suffix) suffixes.push(word);
      else exact.add(word);
    }
    const forgiving = options.typos
      ? byLength([...exact].filter((word) => word.length >= TYPO_MINIMUM_LENGTH))
      : undefined;
    steps.push({
      kind: 'word',
      exact,
      prefixes,
      suffixes,
      infixes,
      ...(forgiving && forgiving.size > 0 ? { forgiving } : {}),
    });
  }
  if (steps.length === 0 || source.trim() === '') throw new PhrasePatternError(source, 'is empty');
  if (steps.at(-1)?.kind === 'gap') throw new PhrasePatternError(source, 'must not end with ".."');
  return steps;
}

export function prepareText(words: readonly string[]): PreparedText {
  const variants = words.map(wordVariants);
  return { words, variants, vocabulary: new Set(variants.flat()) };
}

/** Every place the pattern occurs in the text, leftmost first, shortest per start. */
export function findPhrase(pattern: PhrasePattern, text: PreparedText | readonly string[]): PhraseMatch[] {
  const prepared = isPrepared(text) ? text : prepareText(text);
  if (lacksARequiredWord(pattern, prepared.vocabulary)) return [];
  const matches: PhraseMatch[] = [];
  for (let start = 0; start < prepared.words.length; start++) {
    const end = matchFrom(pattern, 0, prepared, start);
    if (end !== undefined) matches.push({ start, end });
  }
  return matches;
}

// --- internal ---

function isPrepared(text: PreparedText | readonly string[]): text is PreparedText {
  return !Array.isArray(text);
}

function matchFrom(
  pattern: PhrasePattern,
  stepIndex: number,
  text: PreparedText,
  position: number,
): number | undefined {
  const step = pattern[stepIndex];
  if (step === undefined) return position;
  if (step.kind === 'end') return position === text.words.length ? position : undefined;
  if (step.kind === 'gap') {
    for (let skip = 0; skip <= step.maximum; skip++) {
      const end = matchFrom(pattern, stepIndex + 1, text, position + skip);
      if (end !== undefined) return end;
    }
    return undefined;
  }
  const variants = text.variants[position];
  if (variants === undefined) return undefined;
  const matched = variants.some(
    (variant) =>
      step.exact.has(variant) ||
      step.prefixes.some((prefix) => variant.startsWith(prefix)) ||
      step.suffixes.some((suffix) => variant.endsWith(suffix)) ||
      step.infixes.some((infix) => variant.includes(infix)) ||
      (step.forgiving?.get(variant.length) ?? []).some((word) => oneSlipApart(variant, word)),
  );
  return matched ? matchFrom(pattern, stepIndex + 1, text, position + 1) : undefined;
}

/**
 * True when a step that only takes whole words (no `*`, no typo tolerance) has none of them in the text: then the
 * pattern cannot match anywhere. Most lexicon and topic phrases are rejected here, in a few set lookups.
 */
function lacksARequiredWord(pattern: PhrasePattern, vocabulary: ReadonlySet<string>): boolean {
  for (const step of pattern) {
    if (step.kind !== 'word' || !wholeWordsOnly(step)) continue;
    let present = false;
    for (const word of step.exact) {
      if (vocabulary.has(word)) {
        present = true;
        break;
      }
    }
    if (!present) return true;
  }
  return false;
}

function wholeWordsOnly(step: Extract<PatternStep, { kind: 'word' }>): boolean {
  return step.prefixes.length === 0 && step.suffixes.length === 0 && step.infixes.length === 0 && !step.forgiving;
}

function byLength(words: readonly string[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const word of words) map.set(word.length, [...(map.get(word.length) ?? []), word]);
  return map;
}

/** Same length, and one letter different or two neighbours swapped. */
function oneSlipApart(typed: string, word: string): boolean {
  let first = -1;
  for (let index = 0; index < word.length; index++) {
    if (typed[index] === word[index]) continue;
    if (first !== -1) {
      // A second difference is allowed only as the other half of a swap of neighbours.
      const swapped = index === first + 1 && typed[first] === word[index] && typed[index] === word[first];
      return swapped && typed.slice(index + 1) === word.slice(index + 1);
    }
    first = index;
  }
  return true;
}
