import { frustrationDenseFeatures, frustrationFeatures, learnedWordScore } from './frustration-features.ts';
import { FRUSTRATION_MODEL } from './frustration-model.ts';
import { type SentimentSignal, scoreSentiment } from './sentiment.ts';

export interface FrustrationSignal {
  /** Probability (0..1) that the message is negative: upset, frustrated, complaining. */
  probability: number;
  /**
   * The same reading on the policy's −1..1 sentiment scale: the language's flag threshold lands on −0.6 (the
   * default `sentimentFloor`), its high-priority threshold on −0.8, and calm messages keep the lexicon's praise.
   * A lexicon score at or below −0.6 flags too (the lower of the two counts).
   */
  score: number;
  /** The language whose thresholds applied: the lexicon scorer's pick from the locale and the words. */
  language: string;
  /** The lexicon scorer's reading, one of the classifier's inputs, and its cues for the audit log. */
  lexicon: SentimentSignal;
}

export interface FrustrationOptions {
  /** The widget's locale, a hint for the language of the text. */
  locale?: string;
}

// Where the thresholds land on the −1..1 scale; the policy's defaults (sentimentFloor, sentimentHighPriority).
const FLAG_SCORE = -0.6;
const HIGH_SCORE = -0.8;

type ThresholdLanguage = keyof typeof FRUSTRATION_MODEL.thresholds;

/**
 * "Is this customer upset?": a logistic regression trained on public labelled sentiment data (TweetEval, XLM-T
 * UMSAB) over hashed words, word pairs, character n-grams, the lexicon score, published word ratings and, in English,
 * word scores learned from GloVe word vectors when training keeps them (it compares; docs/assistant.md). Weights ship
 * as data in frustration-model.ts and frustration-word-scores.ts; no network, no file system, the same on Node and
 * Workers.
 */
export function scoreFrustration(text: string, options: FrustrationOptions = {}): FrustrationSignal {
  const lexicon = scoreSentiment(text, options.locale ? { locale: options.locale } : {});
  const features = frustrationFeatures(text, lexicon.cues);
  const weights = bucketWeights();
  let bucketSum = 0;
  for (const bucket of features.buckets) bucketSum += weights[bucket] ?? 0;
  const dense = frustrationDenseFeatures(text, lexicon.score, lexicon.language);
  let logit = FRUSTRATION_MODEL.bias + bucketSum * FRUSTRATION_MODEL.scale * features.weight;
  FRUSTRATION_MODEL.denseWeights.forEach((weight, index) => {
    logit += weight * (dense[index] ?? 0);
  });
  logit += learnedWordScore(text, lexicon.language);
  const probability = 1 / (1 + Math.exp(-logit));
  const thresholds = frustrationThresholds(lexicon.language);
  const classified = toSentimentScale(probability, thresholds, lexicon.score);
  // The lexicon's own flag still counts: its support phrases ("third time", "refund NOW") are rare in public data,
  // and at −0.6 it flagged under 2% of TweetEval's calm test tweets.
  const score = lexicon.score <= FLAG_SCORE ? Math.min(classified, lexicon.score) : classified;
  return {
    probability,
    score: round(score),
    language: lexicon.language,
    lexicon,
  };
}

/** The probabilities at which a message is flagged, and flagged as high priority, in this language. */
export function frustrationThresholds(language: string): { flag: number; high: number } {
  return language in FRUSTRATION_MODEL.thresholds
    ? FRUSTRATION_MODEL.thresholds[language as ThresholdLanguage]
    : FRUSTRATION_MODEL.thresholds.default;
}

// --- internal ---

let decoded: Int8Array | undefined;

/** The int8 weights, decoded from base64 once, on first use (atob exists on Node, Workers, Bun and Deno). */
function bucketWeights(): Int8Array {
  if (decoded) return decoded;
  const binary = atob(FRUSTRATION_MODEL.weights);
  const bytes = new Int8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = (binary.charCodeAt(index) << 24) >> 24;
  decoded = bytes;
  return bytes;
}

function toSentimentScale(probability: number, thresholds: { flag: number; high: number }, lexicon: number): number {
  const { flag, high } = thresholds;
  if (probability >= high) return HIGH_SCORE + (-1 - HIGH_SCORE) * ((probability - high) / (1 - high));
  if (probability >= flag) return FLAG_SCORE + (HIGH_SCORE - FLAG_SCORE) * ((probability - flag) / (high - flag));
  // Below the flag: the closer to it, the nearer −0.6, squared so that the everyday 0.1–0.3 of a calm question stays
  // near 0 and a "thanks!" before it does not read as a worsening mood; a calm message keeps the lexicon's praise.
  const nearness = probability / flag;
  return FLAG_SCORE * nearness * nearness + (1 - nearness) * Math.max(0, lexicon);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
