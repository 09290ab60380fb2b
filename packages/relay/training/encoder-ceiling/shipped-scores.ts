/**
 * Step 1b of the encoder-ceiling measurement: the shipped classifier's probability for every message of the English
 * validation and test splits, so that ceiling.py can measure the encoder beside it and the two combined.
 *
 *     node --import tsx packages/relay/training/encoder-ceiling/shipped-scores.ts
 *
 * Writes $TANDEM_EVAL_DATA/encoder/shipped.<set>.<split>.json (an array of probabilities in file order).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scoreFrustration } from '../../src/policy/signals/frustration.ts';

const data = process.env.TANDEM_EVAL_DATA ?? '/tmp/tandem-eval-data';
const output = join(data, 'encoder');
mkdirSync(output, { recursive: true });
for (const set of ['en-tweeteval', 'en-umsab', 'en-complaints']) {
  for (const split of ['val', 'test']) {
    const texts = readFileSync(join(data, 'sentiment', set, `${split}_text.txt`), 'utf8')
      .split('\n')
      .filter((line) => line.length > 0);
    const probabilities = texts.map((text) => scoreFrustration(text, { locale: 'en' }).probability);
    writeFileSync(join(output, `shipped.${set}.${split}.json`), `${JSON.stringify(probabilities)}\n`);
    console.log(`${set}.${split}: ${texts.length} messages`);
  }
}
