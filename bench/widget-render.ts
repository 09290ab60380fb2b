import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './lib/benchmark.ts';

const SMALL = 0;
const LARGE = 300;
const ROUNDS = 5;
const WIDGET = fileURLToPath(new URL('../packages/widget/', import.meta.url));

/**
 * A streamed answer must cost the same to show whether the transcript above it is short or long: each token
 * re-renders one bubble. Without that, 300 earlier messages made the same answer 25 to 40 times slower.
 */
export const widgetRender: Benchmark = {
  name: 'widget-render',
  description: `widget UI (happy-dom) streaming a 300-word answer under ${SMALL} vs ${LARGE} earlier messages, ${ROUNDS} interleaved rounds`,
  async run() {
    // A child process in packages/widget, whose tsconfig compiles the UI's JSX for Preact.
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/streaming-render.ts', String(SMALL), String(LARGE), String(ROUNDS)],
      { cwd: WIDGET, encoding: 'utf8', timeout: 5 * 60_000 },
    );
    if (child.status !== 0) throw new Error(`streaming-render exited with ${child.status}: ${child.stderr}`);
    const { small, large } = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
      small: number[];
      large: number[];
    };
    const smallMedian = median(small);
    const largeMedian = median(large);
    return {
      figures: [
        { label: `answer on screen, ${SMALL} earlier messages, p50`, value: Math.round(smallMedian), unit: 'ms' },
        { label: `answer on screen, ${LARGE} earlier messages, p50`, value: Math.round(largeMedian), unit: 'ms' },
      ],
      budgets: [
        { label: `${LARGE} / ${SMALL} earlier messages, p50`, value: largeMedian / smallMedian, limit: 8, unit: '×' },
      ],
    };
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
