import type { ScopeModel } from './scope.ts';

/**
 * Fitted by bench/eval/scope/calibrate.ts on CLINC150's validation split and our tuning paraphrases (never the test
 * splits); see docs/knowledge.md for the figures on held-out data.
 */
export const SCOPE_MODEL: ScopeModel = {
  weights: {
    coverage: 2.159,
    unknown: -2.292,
    strongest: 0.71,
    titleCoverage: 1.756,
    margin: 0.428,
    length: -0.144,
  },
  bias: -2.443,
};
