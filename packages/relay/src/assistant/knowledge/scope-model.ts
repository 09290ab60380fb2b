import type { ScopeModel } from './scope.ts';

/**
 * Fitted by bench/eval/scope/calibrate.ts on CLINC150's validation split and our tuning paraphrases (never the test
 * splits); see docs/knowledge.md for the figures on held-out data.
 */
export const SCOPE_MODEL: ScopeModel = {
  weights: {
    coverage: 1.581,
    unknown: -1.275,
    strongest: 1.421,
    titleCoverage: 1.484,
    margin: 0.908,
    relativeScore: 1.722,
    length: -0.026,
    meaning: 0.16,
    titleMeaning: 0.458,
    alignment: 0.764,
  },
  bias: -5.92,
};
