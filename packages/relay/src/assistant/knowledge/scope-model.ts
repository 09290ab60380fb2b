import type { ScopeModel } from './scope.ts';

/**
 * Fitted by bench/eval/scope/calibrate.ts on CLINC150's validation split and our tuning paraphrases (never the test
 * splits); see docs/knowledge.md for the figures on held-out data.
 */
export const SCOPE_MODEL: ScopeModel = {
  weights: {
    coverage: 1.858,
    unknown: -1.503,
    strongest: 0.655,
    titleCoverage: 1.852,
    margin: 1.02,
    relativeScore: 1.764,
    length: -0.13,
  },
  bias: -4.403,
};
