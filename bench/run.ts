/**
 * `pnpm bench [name...]`: runs the benchmarks, prints their figures, and exits non-zero when a budget is broken.
 * Budgets are ratios measured within one run wherever possible, so they hold on a slow CI machine too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerCost } from './answer-cost.ts';
import { answerThroughput } from './answer-throughput.ts';
import { assistantBench } from './assistant.ts';
import { type Benchmark, withinBudget } from './lib/benchmark.ts';
import { loadThreshold } from './load-threshold.ts';
import { relayStreaming } from './relay-streaming.ts';
import { sseFanOut } from './sse-fanout.ts';
import { storeDurability } from './store-durability.ts';
import { streamMemory } from './stream-memory.ts';
import { widgetIntent } from './widget-intent.ts';
import { widgetRender } from './widget-render.ts';
import { widgetSize } from './widget-size.ts';
import { workersStreamingDurable, workersStreamingMemory } from './workers-streaming.ts';

const BENCHMARKS: Benchmark[] = [
  widgetSize,
  widgetRender,
  widgetIntent,
  relayStreaming,
  workersStreamingMemory,
  workersStreamingDurable,
  sseFanOut,
  storeDurability,
  assistantBench,
  streamMemory,
  answerCost,
  answerThroughput,
  loadThreshold,
];
// Owned by the escalation policy's authors: precision/recall against a labelled set, with its own budgets.
const ESCALATION_RUNNER = fileURLToPath(new URL('./escalation/run.ts', import.meta.url));
// The escalation report (`pnpm eval`): public and held-out sets, budgets in bench/budgets.json.
const EVAL_RUNNER = fileURLToPath(new URL('./eval/run.ts', import.meta.url));

// `--check` is accepted for symmetry with `pnpm eval --check`: `pnpm bench` always fails on a broken budget.
const requested = process.argv.slice(2).filter((argument) => argument !== '--check');
const known = [...BENCHMARKS.map((benchmark) => benchmark.name), 'escalation', 'eval'];
const unknown = requested.filter((name) => !known.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${known.join(', ')}`);
  process.exit(2);
}
const selected = (name: string) => requested.length === 0 || requested.includes(name);

const broken: string[] = [];
for (const benchmark of BENCHMARKS.filter((candidate) => selected(candidate.name))) {
  console.log(`\n▶ ${benchmark.name}: ${benchmark.description}`);
  try {
    const result = await benchmark.run();
    for (const figure of result.figures)
      console.log(`  ${figure.label.padEnd(58)} ${format(figure.value, figure.unit)}`);
    for (const budget of result.budgets) {
      const ok = withinBudget(budget);
      if (!ok) broken.push(`${benchmark.name}: ${budget.label}`);
      console.log(
        `  ${ok ? '✓' : '✗'} ${budget.label.padEnd(56)} ${format(budget.value, budget.unit)}  (budget ≤ ${format(budget.limit, budget.unit)})`,
      );
    }
  } catch (error) {
    broken.push(`${benchmark.name}: failed to run`);
    console.log(`  ✗ failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

if (selected('escalation')) {
  if (existsSync(ESCALATION_RUNNER)) {
    console.log('\n▶ escalation: bench/escalation/run.ts');
    const child = spawnSync(process.execPath, ['--import', 'tsx', ESCALATION_RUNNER], {
      stdio: 'inherit',
      timeout: 10 * 60_000,
    });
    if (child.status !== 0) broken.push(`escalation: exited with ${child.status ?? child.signal}`);
  } else if (requested.includes('escalation')) {
    broken.push('escalation: bench/escalation/run.ts does not exist');
  }
}

if (selected('eval')) {
  console.log('\n▶ eval: bench/eval/run.ts --check');
  const child = spawnSync(process.execPath, ['--import', 'tsx', EVAL_RUNNER, '--check'], {
    stdio: 'inherit',
    timeout: 10 * 60_000,
  });
  if (child.status !== 0) broken.push(`eval: exited with ${child.status ?? child.signal}`);
}

if (broken.length > 0) {
  console.log(`\n✗ ${broken.length} budget(s) broken:\n${broken.map((line) => `  - ${line}`).join('\n')}`);
  process.exit(1);
}
console.log('\n✓ every budget kept');

function format(value: number, unit: string): string {
  return unit === '×' ? `${value.toFixed(2)}×` : `${value} ${unit}`;
}
