/**
 * The out-of-scope decision: is the best matching section really the answer, or is the question about something the
 * knowledge does not cover? A logistic model over a few features of the question and a candidate section, each
 * measured against everyday English (the background), so that matching "set a timer" on the word "set" convinces
 * nobody while matching "refund" does. The same model orders the sections a question's words reach. Its weights are
 * fitted by `bench/eval/scope/calibrate.ts` on public out-of-scope questions (CLINC150's validation split) and
 * paraphrases of the demo shop's knowledge, never on the test splits.
 */
import { SCOPE_MODEL } from './scope-model.ts';

export interface ScopeFeatures {
  /** Share of the question's information (background bits) that the section contains. */
  coverage: number;
  /** Share of the question's information in words the whole knowledge never uses. */
  unknown: number;
  /** Bits of the most informative question word that the section contains, over 20. */
  strongest: number;
  /** Share of the section heading's information that the question mentions. */
  titleCoverage: number;
  /** How far the best section's score stands above the runner-up's (0 when tied, 1 when alone). */
  margin: number;
  /** This section's retrieval score over the best section's (1 for the best). */
  relativeScore: number;
  /** Informative words in the question, over 10: a long question is harder to cover by chance. */
  length: number;
}

export const SCOPE_FEATURES = [
  'coverage',
  'unknown',
  'strongest',
  'titleCoverage',
  'margin',
  'relativeScore',
  'length',
] as const;

export interface ScopeModel {
  weights: Readonly<Record<(typeof SCOPE_FEATURES)[number], number>>;
  bias: number;
}

/** 0..1: how sure the offline assistant may be that the section answers the question; 0.5 is the answer line. */
export function scopeConfidence(features: ScopeFeatures, model: ScopeModel = SCOPE_MODEL): number {
  let logit = model.bias;
  for (const name of SCOPE_FEATURES) logit += model.weights[name] * features[name];
  return 1 / (1 + Math.exp(-logit));
}
