import type { ScopeModel } from './scope.ts';

/**
 * Fitted by bench/eval/scope/calibrate.ts on CLINC150's validation split and our tuning paraphrases (never the test
 * splits); see docs/knowledge.md for the figures on held-out data.
 */
export const SCOPE_MODEL: ScopeModel = {
  weights: {
    coverage: 1.843,
    unknown: -1.507,
    strongest: 0.597,
    titleCoverage: 1.848,
    margin: 1.038,
    relativeScore: 1.779,
    length: -0.149,
  },
  bias: -4.247,
};
