import type { ScopeModel } from './scope.ts';

/**
 * Fitted by bench/eval/scope/calibrate.ts on CLINC150's validation split and our tuning paraphrases (never the test
 * splits); see docs/knowledge.md for the figures on held-out data.
 */
export const SCOPE_MODEL: ScopeModel = {
  weights: {
    coverage: 1.861,
    unknown: -1.511,
    strongest: 0.717,
    titleCoverage: 1.853,
    margin: 1.054,
    relativeScore: 1.735,
    length: -0.123,
  },
  bias: -4.332,
};
