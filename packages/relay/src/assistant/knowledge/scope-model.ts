import type { ScopeModel } from './scope.ts';

/**
 * Fitted by bench/eval/scope/calibrate.ts on CLINC150's validation split and our tuning paraphrases (never the test
 * splits); see docs/knowledge.md for the figures on held-out data.
 */
export const SCOPE_MODEL: ScopeModel = {
  weights: {
    coverage: 2.071,
    unknown: -2.207,
    strongest: 0.911,
    titleCoverage: 1.888,
    margin: 0.359,
    length: -0.123,
  },
  bias: -2.578,
};
