import { compilePhrase, findPhrase, type PhrasePattern, prepareText } from './phrase-pattern.ts';
import { EMOJI_VALENCE, SENTIMENT_LEXICONS, type SentimentLexicon } from './sentiment-lexicon.ts';
import { foldWord, languageOf, words } from './text.ts';

export interface SentimentSignal {
  /** −1 (furious) .. 1 (delighted); 0 is neutral. */
  score: number;
  /** The lexicon used: the widget locale's, unless the text is clearly in another language. */
  language: string;
  /** What moved the score, for the audit log: matched words and phrases, "caps", "!!!", "???". */
  cues: string[];
}

export interface SentimentOptions {
  /** The widget's locale, a hint for the language of the text. */
  locale?: string;
}

// A negated word keeps a bit more than half its strength the other way (VADER). The normalisation alpha is
// VADER's 15 lowered to 10: support messages are short, and one "useless" aimed at the shop is already angry.
const NEGATED_SCALE = -0.6;
const NORMALISATION_ALPHA = 10;
const LOOK_BACK = 3;
const EXCLAMATION_STEP = 0.3;
const MAXIMUM_EXCLAMATIONS = 4;
// "Where is my order!!" with no emotional word is still impatience.
const BARE_EXCLAMATIONS_VALENCE = -0.6;
// "hello???" — repeated question marks in support are frustration.
const REPEATED_QUESTION_VALENCE = -0.9;
const SHOUTED_WORD_SCALE = 1.4;
// An all-caps message is shouting: its negativity weighs more and it adds some of its own.
const SHOUTING_SCALE = 1.5;
const SHOUTING_VALENCE = -1;
const SHOUTING_MINIMUM_LETTERS = 8;
const SHOUTING_UPPER_SHARE = 0.7;
// Capitalised tokens shorter than this count as shouting only when they are words the lexicon knows ("NOT", "NOW").
const SHOUTED_WORD_MINIMUM_LENGTH = 5;
const SHORT_SHOUTED_WORDS = new Set([
  'now',
  'why',
  'who',
  'yet',
  'asap',
  'omg',
  'wtf',
  'help',
  'stop',
  'again',
  'ever',
]);
const CONTRAST_BEFORE = 0.5;
// A phrase this negative ("still no", "third time", "never arrived") is a complaint that can make praise ironic.
const COMPLAINT_PHRASE_VALENCE = -2;
const CONTRAST_AFTER = 1.5;
// Negation and intensifiers reach only within a clause: in "not bad, thanks" the "not" ends at the comma.
const CLAUSE_BREAK = /[.,;:!?¿¡\n،؟]+/;

// German and Swedish write compounds as one word: "Servicekatastrophe", "Unverschämtheit", "kundtjänstskandal".
const COMPOUNDING_LANGUAGES = new Set(['de', 'sv']);
const COMPOUND_PART_MINIMUM_LENGTH = 6;
// Endings that turn an adjective into a noun or inflect it, and nothing else ("problemlos" is not "Problem").
const NEGATING_PREFIXES = ['un', 'o'];
const DERIVATION_ENDINGS = ['heit', 'keit', 'igkeit', 'ung', 'e', 'en', 'er', 'es', 'em', 't', 'et', 'a', 'ar', 'na'];

interface CompiledLexicon {
  language: string;
  words: Map<string, number>;
  /** Lexicon words long enough to be recognised inside compounds, in compounding languages only. */
  compoundParts: Array<[string, number]>;
  prefixes: Array<[string, number]>;
  phrases: Array<{ pattern: PhrasePattern; valence: number; source: string }>;
  intensifiers: Map<string, number>;
  negations: Set<string>;
  contrasts: Set<string>;
  ironicPraise: Set<string>;
  stopwords: Set<string>;
}

const LEXICONS = new Map(
  Object.entries(SENTIMENT_LEXICONS).map(([language, lexicon]) => [language, compile(language, lexicon)]),
);

/**
 * A local sentiment score tuned for support messages, independent of any model: lexicon words with
 * negation, intensifiers and "but", support phrases ("still waiting", "third time", "cancel my
 * account"), shouting in capitals, "!!!" and "???", and emoji.
 */
export function scoreSentiment(text: string, options: SentimentOptions = {}): SentimentSignal {
  const clauses = text.split(CLAUSE_BREAK).map((clause) => words(clause));
  const folded = clauses.flat();
  const clauseOf = clauses.flatMap((clause, clauseIndex) => clause.map(() => clauseIndex));
  const lexicon = pickLexicon(text, folded, options.locale);
  const prepared = prepareText(folded);
  const cues: string[] = [];
  const valences: Array<{ index: number; valence: number; phrase?: true }> = [];
  const consumed = new Set<number>();

  for (const phrase of lexicon.phrases) {
    for (const match of findPhrase(phrase.pattern, prepared)) {
      if (clauseOf[match.start] !== clauseOf[match.end - 1]) continue;
      if (range(match.start, match.end).some((index) => consumed.has(index))) continue;
      for (const index of range(match.start, match.end)) consumed.add(index);
      // "so done with", "really still waiting": intensifiers before a phrase strengthen it as they do a word.
      let valence = phrase.valence;
      for (let back = match.start - 1; back >= Math.max(0, match.start - LOOK_BACK); back--) {
        if (clauseOf[back] !== clauseOf[match.start]) break;
        valence *= 1 + (lexicon.intensifiers.get(folded[back] ?? '') ?? 0);
      }
      valences.push({ index: match.start, valence, phrase: true });
      cues.push(folded.slice(match.start, match.end).join(' '));
    }
  }

  const shouted = shoutedWords(text, lexicon);
  const shouting = isShouting(text, shouted);
  for (const [index, word] of folded.entries()) {
    if (consumed.has(index)) continue;
    let valence = lookUp(lexicon, word);
    if (valence === undefined) continue;
    let negated = false;
    for (let back = index - 1; back >= Math.max(0, index - LOOK_BACK) && clauseOf[back] === clauseOf[index]; back--) {
      const previous = folded[back] ?? '';
      const boost = lexicon.intensifiers.get(previous);
      if (boost !== undefined) valence *= 1 + boost;
      if (lexicon.negations.has(previous)) negated = true;
    }
    if (negated) valence *= NEGATED_SCALE;
    if (!shouting && shouted.has(word)) valence *= SHOUTED_WORD_SCALE;
    valences.push({ index, valence });
    cues.push(negated ? `not ${word}` : word);
  }

  const contrastAt = lastIndex(folded, (word) => lexicon.contrasts.has(word));
  // Sincere mixed messages say "but" ("nice jacket, but it is late"); sarcasm rarely does.
  if (contrastAt === -1 && valences.some(({ valence, phrase }) => phrase && valence <= COMPLAINT_PHRASE_VALENCE)) {
    for (const entry of valences) {
      if (entry.valence > 0 && lexicon.ironicPraise.has(folded[entry.index] ?? '')) {
        entry.valence *= NEGATED_SCALE;
        cues.push(`ironic ${folded[entry.index]}`);
      }
    }
  }
  let sum = 0;
  for (const { index, valence } of valences) {
    if (contrastAt === -1) sum += valence;
    else sum += valence * (index < contrastAt ? CONTRAST_BEFORE : CONTRAST_AFTER);
  }
  for (const [emoji, valence] of Object.entries(EMOJI_VALENCE)) {
    const count = text.split(emoji).length - 1;
    if (count > 0) {
      sum += valence * Math.min(count, 3);
      cues.push(emoji);
    }
  }
  sum = punctuate(text, sum, cues);
  if (shouting) {
    sum = sum <= 0 ? sum * SHOUTING_SCALE + SHOUTING_VALENCE : sum;
    cues.push('caps');
  } else {
    const loudWords = [...shouted].filter((word) => word.length >= 3 && lookUp(lexicon, word) === undefined);
    if (loudWords.length > 0 && sum <= 0) {
      sum -= 0.4 * Math.min(loudWords.length, 2);
      cues.push('caps');
    }
  }
  return { score: round(normalise(sum)), language: lexicon.language, cues };
}

// --- internal ---

function punctuate(text: string, sum: number, cues: string[]): number {
  const exclamations = Math.min((text.match(/!/g) ?? []).length, MAXIMUM_EXCLAMATIONS);
  const repeatedQuestion = /[?؟]{2,}|\?!|!\?/.test(text);
  let result = sum;
  if (exclamations > 0 && sum !== 0) result += Math.sign(sum) * exclamations * EXCLAMATION_STEP;
  else if (exclamations >= 2) result += BARE_EXCLAMATIONS_VALENCE;
  if (exclamations >= 2) cues.push('!!');
  if (repeatedQuestion) {
    result += result > 0 ? REPEATED_QUESTION_VALENCE / 2 : REPEATED_QUESTION_VALENCE;
    cues.push('??');
  }
  return result;
}

function pickLexicon(text: string, folded: readonly string[], locale: string | undefined): CompiledLexicon {
  const arabicLetters = (text.match(/[\u0600-\u06ff]/g) ?? []).length;
  const latinLetters = (text.match(/[a-zA-Z\u00c0-\u024f]/g) ?? []).length;
  const fallback = LEXICONS.get('en') as CompiledLexicon;
  if (arabicLetters > latinLetters) return LEXICONS.get('ar') ?? fallback;
  const hinted = LEXICONS.get(languageOf(locale) ?? 'en');
  let best = hinted && hinted.language !== 'ar' ? hinted : fallback;
  let bestHits = stopwordHits(best, folded);
  for (const candidate of LEXICONS.values()) {
    const hits = stopwordHits(candidate, folded);
    // The hint wins ties and near-ties: a Spanish page with one English word stays Spanish.
    if (hits > bestHits + 1 || (best === fallback && hinted === undefined && hits > bestHits)) {
      best = candidate;
      bestHits = hits;
    }
  }
  return best;
}

function stopwordHits(lexicon: CompiledLexicon, folded: readonly string[]): number {
  return folded.reduce((count, word) => count + (lexicon.stopwords.has(word) ? 1 : 0), 0);
}

function lookUp(lexicon: CompiledLexicon, word: string): number | undefined {
  const exact = lexicon.words.get(word);
  if (exact !== undefined) return exact;
  for (const [prefix, valence] of lexicon.prefixes) if (word.startsWith(prefix)) return valence;
  for (const [part, valence] of lexicon.compoundParts) {
    if (word.length <= part.length) continue;
    // "unfreundlich", "ovänlig": a negating prefix turns the part around.
    if (word.endsWith(part)) return NEGATING_PREFIXES.includes(word.slice(0, -part.length)) ? -valence : valence;
    if (word.startsWith(part) && DERIVATION_ENDINGS.includes(word.slice(part.length))) return valence;
  }
  return undefined;
}

/**
 * Words written in capitals inside otherwise normal text ("I want a refund NOW"). Codes are not shouting: a
 * capitalised token with digits or joined by "-" or "/" ("BA123", "LHR-JFK", "XJ4K2P"), or a short one that is no
 * word the language's lists know ("LHR", "SKU", "HDMI").
 */
function shoutedWords(text: string, lexicon: CompiledLexicon): Set<string> {
  const result = new Set<string>();
  for (const token of text.match(/[\p{L}\p{N}]+(?:[-/.][\p{L}\p{N}]+)*/gu) ?? []) {
    if (token !== token.toUpperCase() || token === token.toLowerCase()) continue;
    if (/[\p{N}\-/.]/u.test(token) || token.length < 2) continue;
    const word = foldWord(token);
    if (word.length < SHOUTED_WORD_MINIMUM_LENGTH && !isKnownWord(lexicon, word)) continue;
    result.add(word);
  }
  return result;
}

function isKnownWord(lexicon: CompiledLexicon, word: string): boolean {
  return (
    lexicon.stopwords.has(word) ||
    lexicon.negations.has(word) ||
    lexicon.intensifiers.has(word) ||
    SHORT_SHOUTED_WORDS.has(word) ||
    lookUp(lexicon, word) !== undefined
  );
}

/** Mostly capitals, counted over real words only: "LHR to JFK, ref XJ4K2P" is a booking, not a shout. */
function isShouting(text: string, shouted: ReadonlySet<string>): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  const cased = letters.filter((letter) => letter.toUpperCase() !== letter.toLowerCase());
  if (cased.length < SHOUTING_MINIMUM_LETTERS) return false;
  const upper = cased.filter((letter) => letter === letter.toUpperCase()).length;
  const shoutedLetters = [...shouted].reduce((count, word) => count + word.length, 0);
  return upper / cased.length >= SHOUTING_UPPER_SHARE && shoutedLetters >= SHOUTING_MINIMUM_LETTERS / 2;
}

function normalise(sum: number): number {
  return sum / Math.sqrt(sum * sum + NORMALISATION_ALPHA);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, offset) => start + offset);
}

function lastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (predicate(items[index] as T)) return index;
  return -1;
}

function compile(language: string, lexicon: SentimentLexicon): CompiledLexicon {
  const exact = new Map<string, number>();
  const prefixes: Array<[string, number]> = [];
  for (const [word, valence] of Object.entries(lexicon.words)) {
    if (word.endsWith('*')) prefixes.push([foldWord(word.slice(0, -1)), valence]);
    else exact.set(foldWord(word), valence);
  }
  return {
    language,
    words: exact,
    compoundParts: COMPOUNDING_LANGUAGES.has(language)
      ? [...exact].filter(([word]) => word.length >= COMPOUND_PART_MINIMUM_LENGTH)
      : [],
    prefixes,
    // Longer phrases first, so "thanks a lot" is scored as one phrase, not "thanks" plus "a lot".
    phrases: Object.entries(lexicon.phrases)
      .map(([source, valence]) => ({ pattern: compilePhrase(source), valence, source }))
      .sort((left, right) => right.pattern.length - left.pattern.length),
    intensifiers: new Map(Object.entries(lexicon.intensifiers).map(([word, boost]) => [foldWord(word), boost])),
    negations: new Set(lexicon.negations.map(foldWord)),
    contrasts: new Set(lexicon.contrasts.map(foldWord)),
    ironicPraise: new Set((lexicon.ironicPraise ?? []).map(foldWord)),
    stopwords: new Set(lexicon.stopwords.map(foldWord)),
  };
}
