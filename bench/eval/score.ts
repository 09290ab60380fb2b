/** Counting a binary decision against its label, and the figures the escalation report prints. */
export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export function newScore(): Score {
  return { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
}

export function count(score: Score, predicted: boolean, expected: boolean): void {
  if (predicted && expected) score.truePositives++;
  else if (predicted) score.falsePositives++;
  else if (expected) score.falseNegatives++;
  else score.trueNegatives++;
}

/** Precision of a detector that flagged nothing is 1: it made no false claim. */
export function precision(score: Score): number {
  const predicted = score.truePositives + score.falsePositives;
  return predicted === 0 ? 1 : score.truePositives / predicted;
}

export function recall(score: Score): number {
  const actual = score.truePositives + score.falseNegatives;
  return actual === 0 ? 1 : score.truePositives / actual;
}

/** Share of the label's negatives that were flagged: handoffs nobody needed. */
export function falsePositiveRate(score: Score): number {
  const negatives = score.falsePositives + score.trueNegatives;
  return negatives === 0 ? 0 : score.falsePositives / negatives;
}

export function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

export function fixed(value: number): string {
  return value.toFixed(2);
}

/** One printed row: a label padded to a column, then its figures. */
export function row(label: string, figures: string): string {
  return `  ${label.padEnd(58)} ${figures}`;
}

/** What each part of the evaluation hands the runner: flat metrics for budgets and JSON, and lines to print. */
export interface EvaluationPart {
  metrics: Record<string, number>;
  lines: string[];
}
