import { PRIOR_LEXICONS } from './frustration-lexicons.ts';
import { FRUSTRATION_WORD_SCORES } from './frustration-word-scores.ts';
import { SENTIMENT_LEXICONS } from './sentiment-lexicon.ts';
import { words } from './text.ts';

/**
 * What the frustration classifier sees of a message: hashed word unigrams and bigrams, words in the scope of a
 * negation, character 3- to 5-grams inside words (so "incompetence" shares most of its grams with "incompetent",
 * and "enfadadísimo" with "enfadado"), emoji and emoticons, and the lexicon scorer's cues. The training script
 * runs this very function (packages/relay/training/export-features.ts), so training and the shipped scorer can
 * never tokenise differently.
 */
export interface FrustrationFeatures {
  /** Distinct hashed feature buckets, each worth `weight` (1/√count, so long messages do not shout louder). */
  buckets: number[];
  weight: number;
}

export const FEATURE_BUCKET_BITS = 18;
const BUCKET_MASK = (1 << FEATURE_BUCKET_BITS) - 1;
// Messages beyond this are scored on their start: a complaint says what it is about early, and the cost stays flat.
const MAXIMUM_CHARACTERS = 1000;
const CHARACTER_GRAMS = [3, 4, 5] as const;
const MAXIMUM_GRAM_WORD_LENGTH = 24;
const CLAUSE_BREAK = /[.,;:!?¿¡\n،؟]+/;
const LINK = /https?:\/\/\S+|www\.\S+/gi;
const MENTION = /@\w+/g;
const ELONGATION = /(\p{L})\1{2,}/gu;
const ELONGATED = /(\p{L})\1{2,}/u;
const EMOJI = /\p{Extended_Pictographic}/gu;
const EMOTICON = /(?:^|\s)([:;=]-?[()[\]dDpP/\\|*]|<3|:'\()/g;

const NEGATIONS = new Set(Object.values(SENTIMENT_LEXICONS).flatMap((lexicon) => lexicon.negations));

/** The features of one message; `cues` are the lexicon scorer's ("caps", "!!", "??"), which become features too. */
export function frustrationFeatures(text: string, cues: readonly string[] = []): FrustrationFeatures {
  const trimmed = text.slice(0, MAXIMUM_CHARACTERS);
  const plain = trimmed.replace(LINK, ' http ').replace(MENTION, ' @user ');
  const buckets = new Set<number>();
  // Each feature is a name such as "w refund", "b still waiting" or "c <ref"; the names are hashed as they are
  // read, without building the strings, which keeps a message well under a millisecond.
  for (const clause of plain.split(CLAUSE_BREAK)) {
    let negated = false;
    let previous = '<s>';
    for (const folded of words(clause)) {
      const word = folded.replace(ELONGATION, '$1$1');
      buckets.add(bucket(extend(WORD_SEED, word)));
      buckets.add(bucket(extend(extend(extend(BIGRAM_SEED, previous), ' '), word)));
      if (negated) buckets.add(bucket(extend(NEGATED_SEED, word)));
      if (NEGATIONS.has(word)) negated = true;
      previous = word;
      if (word.length <= MAXIMUM_GRAM_WORD_LENGTH) {
        const padded = `<${word}>`;
        for (const size of CHARACTER_GRAMS) {
          for (let start = 0; start + size <= padded.length; start++) {
            buckets.add(bucket(extend(GRAM_SEED, padded, start, start + size)));
          }
        }
      }
    }
  }
  const names: string[] = [];
  if (ELONGATED.test(trimmed)) names.push('s elongated');
  for (const emoji of trimmed.match(EMOJI) ?? []) names.push(`e ${emoji}`);
  for (const match of trimmed.matchAll(EMOTICON)) names.push(`e ${match[1]?.toLowerCase()}`);
  if (trimmed.includes('!')) names.push('s !');
  if (trimmed.includes('?')) names.push('s ?');
  for (const cue of cues) if (cue === 'caps' || cue === '!!' || cue === '??') names.push(`s ${cue}`);
  for (const name of names) buckets.add(bucket(extend(FNV_OFFSET, name)));

  return { buckets: [...buckets], weight: buckets.size === 0 ? 0 : 1 / Math.sqrt(buckets.size) };
}

/**
 * The classifier's dense inputs, in the order of the model's `denseWeights`: the lexicon scorer's negative and positive
 * parts, then how much negative and positive rating the message's words carry in VADER's English lexicon and in AFINN
 * (the message language's translation, English otherwise), each as log(1 + sum). Published ratings know words that a
 * few thousand training tweets hold too rarely to learn ("appalling", "incompetence", "unacceptable").
 */
export function frustrationDenseFeatures(text: string, lexiconScore: number, language: string): number[] {
  const vader = priorLexicon('vader');
  const afinn = priorLexicon(language in PRIOR_LEXICONS.afinn ? language : 'en');
  let vaderNegative = 0;
  let vaderPositive = 0;
  let afinnNegative = 0;
  let afinnPositive = 0;
  for (const word of words(text.slice(0, MAXIMUM_CHARACTERS))) {
    const vaderRating = vader.get(word) ?? 0;
    if (vaderRating < 0) vaderNegative -= vaderRating;
    else vaderPositive += vaderRating;
    const afinnRating = afinn.get(word) ?? 0;
    if (afinnRating < 0) afinnNegative -= afinnRating;
    else afinnPositive += afinnRating;
  }
  return [
    Math.max(0, -lexiconScore),
    Math.max(0, lexiconScore),
    Math.log1p(vaderNegative),
    Math.log1p(vaderPositive),
    Math.log1p(afinnNegative),
    Math.log1p(afinnPositive),
  ];
}

/**
 * The words the learned word scores (frustration-word-scores.ts) are looked up by: folded, links and mentions left
 * out, letters repeated three times or more cut to two ("sooooo" -> "soo"), as the hashed word features see them.
 */
export function embeddingWords(text: string): string[] {
  const plain = text.slice(0, MAXIMUM_CHARACTERS).replace(LINK, ' ').replace(MENTION, ' ');
  return words(plain).map((word) => word.replace(ELONGATION, '$1$1'));
}

/**
 * The learned word scores' share of the logit: the mean score of the message's words that the table knows, for
 * English only (the scores come from English word vectors). Each score was learned from the word's GloVe vector and
 * its cluster of neighbours, so a word no training message held ("shambolic") scores like the words it sits among.
 */
export function learnedWordScore(text: string, language: string): number {
  if (language !== 'en') return 0;
  const scores = wordScores();
  if (scores.size === 0) return 0;
  let sum = 0;
  let known = 0;
  for (const word of embeddingWords(text)) {
    const score = scores.get(word);
    if (score === undefined) continue;
    sum += score;
    known++;
  }
  return known === 0 ? 0 : sum / known;
}

// --- internal ---

let parsedWordScores: Map<string, number> | undefined;

/** The word score table as a map, decoded from its word list and base64 int8 scores on first use. */
function wordScores(): Map<string, number> {
  if (parsedWordScores) return parsedWordScores;
  const table = new Map<string, number>();
  const scoreBytes = atob(FRUSTRATION_WORD_SCORES.scores);
  const words = FRUSTRATION_WORD_SCORES.words === '' ? [] : FRUSTRATION_WORD_SCORES.words.split(' ');
  words.forEach((word, index) => {
    table.set(word, ((scoreBytes.charCodeAt(index) << 24) >> 24) * FRUSTRATION_WORD_SCORES.scale);
  });
  parsedWordScores = table;
  return table;
}

const parsedLexicons = new Map<string, Map<string, number>>();

/** A prior lexicon as a map, parsed from its "word=rating;…" string on first use. */
function priorLexicon(name: string): Map<string, number> {
  const cached = parsedLexicons.get(name);
  if (cached) return cached;
  const source =
    name === 'vader' ? PRIOR_LEXICONS.vader : PRIOR_LEXICONS.afinn[name as keyof typeof PRIOR_LEXICONS.afinn];
  const lexicon = new Map<string, number>();
  for (const entry of source.split(';')) {
    const separator = entry.lastIndexOf('=');
    lexicon.set(entry.slice(0, separator), Number(entry.slice(separator + 1)));
  }
  parsedLexicons.set(name, lexicon);
  return lexicon;
}

// FNV-1a, 32-bit, over UTF-16 code units, folded into the table; `extend` continues a hash over more text.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = extend(FNV_OFFSET, 'w ');
const BIGRAM_SEED = extend(FNV_OFFSET, 'b ');
const NEGATED_SEED = extend(FNV_OFFSET, 'n ');
const GRAM_SEED = extend(FNV_OFFSET, 'c ');

function extend(hash: number, text: string, start = 0, end = text.length): number {
  let result = hash;
  for (let index = start; index < end; index++) {
    result ^= text.charCodeAt(index);
    result = Math.imul(result, FNV_PRIME);
  }
  return result;
}

function bucket(hash: number): number {
  return (hash >>> 0) & BUCKET_MASK;
}
