import type { ScopeModel } from './scope.ts';

/**
 * Fitted by bench/eval/scope/calibrate.ts on CLINC150's validation split and our tuning paraphrases (never the test
 * splits); see docs/knowledge.md for the figures on held-out data.
 */
export const SCOPE_MODEL: ScopeModel = {
  weights: {
    coverage: 2.073,
    unknown: -2.209,
    strongest: 0.909,
    titleCoverage: 1.895,
    margin: 0.365,
    length: -0.121,
  },
  bias: -2.582,
};
