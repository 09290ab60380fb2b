/**
 * Step 2 of training (after prepare_data.py): runs the relay's own feature extraction and lexicon scorer over every
 * prepared split and writes them as JSON lines for train.py, so Python never re-implements the tokenisation.
 *
 *   node --import tsx packages/relay/training/export-features.ts
 *
 * Reads $TANDEM_EVAL_DATA/sentiment/<set>/<split>_{text,labels}.txt; writes $TANDEM_EVAL_DATA/features/<set>.<split>.jsonl
 * and features/fixture.jsonl (the fixed strings whose scores the TypeScript test compares with Python's).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  embeddingWords,
  frustrationDenseFeatures,
  frustrationFeatures,
} from '../src/policy/signals/frustration-features.ts';
import { scoreSentiment } from '../src/policy/signals/sentiment.ts';
import { FIXTURE_TEXTS } from './fixture-texts.ts';

// Upset (angry or unhappy) is the negative class, as in the public sets.
const SUPPORT_LABELS: Record<string, number> = { angry: 0, negative: 0, neutral: 1, positive: 2 };
const dataDirectory = process.env.TANDEM_EVAL_DATA ?? '/tmp/tandem-eval-data';
const sentimentDirectory = join(dataDirectory, 'sentiment');
const featureDirectory = join(dataDirectory, 'features');
if (!existsSync(sentimentDirectory)) {
  console.error(`${sentimentDirectory} is missing: run packages/relay/training/prepare_data.py first`);
  process.exit(1);
}
mkdirSync(featureDirectory, { recursive: true });

for (const set of readdirSync(sentimentDirectory).sort()) {
  const language = set.split('-')[0] ?? 'en';
  for (const split of ['train', 'val', 'test']) {
    const textPath = join(sentimentDirectory, set, `${split}_text.txt`);
    if (!existsSync(textPath)) continue;
    const texts = readLines(textPath);
    const labels = readLines(join(sentimentDirectory, set, `${split}_labels.txt`));
    const lines = texts.map((text, index) =>
      JSON.stringify({ label: Number(labels[index]), ...describe(text, language) }),
    );
    writeFileSync(join(featureDirectory, `${set}.${split}.jsonl`), `${lines.join('\n')}\n`);
    console.log(`  ${set}.${split}: ${lines.length}`);
  }
}
// Our own support messages (bench/escalation/dev-set.jsonl): train.py checks false flags on calm support questions
// with them when it chooses the regularisation. Never trained on.
const supportLines = readLines(fileURLToPath(new URL('../../../bench/escalation/dev-set.jsonl', import.meta.url)))
  .map((line) => JSON.parse(line) as { kind: string; text: string; locale: string; sentiment: string })
  .filter((entry) => entry.kind === 'message')
  .map((entry) =>
    JSON.stringify({ label: SUPPORT_LABELS[entry.sentiment] ?? 1, ...describe(entry.text, entry.locale) }),
  );
writeFileSync(join(featureDirectory, 'support.dev.jsonl'), `${supportLines.join('\n')}\n`);
console.log(`  support.dev: ${supportLines.length}`);

const fixture = FIXTURE_TEXTS.map(({ text, locale }) => JSON.stringify({ text, locale, ...describe(text, locale) }));
writeFileSync(join(featureDirectory, 'fixture.jsonl'), `${fixture.join('\n')}\n`);

// --- internal ---

function describe(text: string, locale: string) {
  const sentiment = scoreSentiment(text, { locale });
  const features = frustrationFeatures(text, sentiment.cues);
  return {
    language: sentiment.language,
    dense: frustrationDenseFeatures(text, sentiment.score, sentiment.language),
    buckets: features.buckets,
    weight: features.weight,
    words: embeddingWords(text),
  };
}

function readLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}
