import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Benchmark, Budget, Figure } from './lib/benchmark.ts';

const DIST = new URL('../packages/widget/dist/', import.meta.url);

/** Gzipped ceilings in bytes. Raise one only in the commit that needs it, and say why there. */
const BUDGETS: Array<{ file: string; limitBytes: number; required: boolean }> = [
  // The script-tag bundle: Preact, the core, the launcher, what the visitor downloads once they show intent.
  // 22 KB since the panel became a chunk of its own (tandem-panel.js below), with signals and the merchant's strings.
  { file: 'tandem.js', limitBytes: 22 * 1024, required: true },
  // The panel (transcript, composer, banner, forms, markdown, their styles), fetched on the first opening.
  // 8.25 KB since issue 15: the attach and camera buttons (line icons), drag and drop and paste live here.
  { file: 'tandem-panel.js', limitBytes: 8.25 * 1024, required: true },
  // Attachments (file checks, previews, uploads with progress, thumbnails), fetched on the first file.
  { file: 'tandem-attach.js', limitBytes: 6 * 1024, required: true },
  // The loader every page view pays for, engaged or not. 1.6 KB since it preloads the panel beside the bundle on
  // intent (bench/widget-intent.ts: the panel no longer waits for the bundle to run before its own fetch starts).
  { file: 'loader.js', limitBytes: 1.6 * 1024, required: false },
];

export const widgetSize: Benchmark = {
  name: 'widget-size',
  description: 'gzipped size of the built widget bundles (run after `pnpm build`)',
  async run() {
    const figures: Figure[] = [];
    const budgets: Budget[] = [];
    for (const { file, limitBytes, required } of BUDGETS) {
      const url = new URL(file, DIST);
      if (!existsSync(url)) {
        if (required) throw new Error(`packages/widget/dist/${file} is missing: run \`pnpm build\` first`);
        figures.push({ label: `${file} (not built, no budget checked)`, value: 0, unit: 'KB' });
        continue;
      }
      const bytes = readFileSync(url);
      figures.push({ label: `${file} raw`, value: kilobytes(bytes.length), unit: 'KB' });
      budgets.push({
        label: `${file} gzipped`,
        value: kilobytes(gzipSync(bytes, { level: 9 }).length),
        limit: limitBytes / 1024,
        unit: 'KB',
      });
    }
    const moduleBuild = new URL('index.js', DIST);
    if (existsSync(moduleBuild)) {
      const bytes = readFileSync(moduleBuild);
      figures.push({
        label: 'index.js (npm module, preact external) gzipped',
        value: kilobytes(gzipSync(bytes, { level: 9 }).length),
        unit: 'KB',
      });
    }
    return { figures, budgets };
  },
};

function kilobytes(bytes: number): number {
  return Math.round((bytes / 1024) * 100) / 100;
}
