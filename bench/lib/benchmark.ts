/** One benchmark: measures, prints what it measured, and states the budgets its figures must keep. */
export interface Benchmark {
  /** Short, kebab-case: `pnpm bench <name>` runs only this one. */
  readonly name: string;
  readonly description: string;
  run(): Promise<BenchmarkResult>;
}

export interface BenchmarkResult {
  /** Figures worth reading but not budgeted, e.g. absolute latencies on this machine. */
  figures: Figure[];
  budgets: Budget[];
}

export interface Figure {
  label: string;
  value: number;
  unit: string;
}

/** A figure with a ceiling. Ratios measured within one run are preferred: they hold across machines. */
export interface Budget extends Figure {
  limit: number;
}

export function withinBudget(budget: Budget): boolean {
  return Number.isFinite(budget.value) && budget.value <= budget.limit;
}
