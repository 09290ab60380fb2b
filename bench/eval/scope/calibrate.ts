/**
 * Fits the out-of-scope model (packages/relay/src/assistant/knowledge/scope-model.ts): a logistic regression on the
 * features of each question's best match, labelled "right section" or not. Calibration data only: CLINC150's
 * validation split (every question out of scope) and our tuning paraphrases with the demo questions the tokenizer was tuned on; the test splits are never read here.
 * Then the bias is moved so that at confidence 0.5 at most TARGET_OUT_OF_SCOPE of CLINC's validation questions are
 * answered. Run: node --import tsx bench/eval/scope/calibrate.ts [--write]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEMO_QUESTIONS } from '../../../packages/relay/src/assistant/knowledge/demo-questions.ts';
import { sectionsFromDocuments } from '../../../packages/relay/src/assistant/knowledge/knowledge-base.ts';
import { KnowledgeIndex } from '../../../packages/relay/src/assistant/knowledge/retrieval.ts';
import { SCOPE_FEATURES, type ScopeFeatures } from '../../../packages/relay/src/assistant/knowledge/scope.ts';
import { loadKnowledgeFolder } from '../../../packages/relay/src/node/index.ts';
import { CLINC_HOW_TO, DEMO_KNOWLEDGE, loadClinc, loadParaphrases } from './sets.ts';

const TARGET_OUT_OF_SCOPE = Number(process.env.TARGET ?? 0.05);
const L2 = 0.01;
const EPOCHS = 3000;
const LEARNING_RATE = 0.5;

const clinc = loadClinc('val');
if (!clinc) {
  console.error(CLINC_HOW_TO);
  process.exit(2);
}
const index = new KnowledgeIndex(sectionsFromDocuments(await loadKnowledgeFolder(DEMO_KNOWLEDGE)));
const rows: Array<{ x: number[]; y: 0 | 1; weight: number; outOfScope: boolean }> = [];
const vector = (features: ScopeFeatures) => SCOPE_FEATURES.map((name) => features[name]);
const outOfScope = [...clinc.outOfScope.questions, ...clinc.otherDomains.questions];
for (const question of outOfScope) {
  const [best] = index.search(question, 1);
  if (best) rows.push({ x: vector(best.features), y: 0, weight: 1, outOfScope: true });
}
// The tokenizer's own tuning questions (demo-questions.ts) calibrate too; its HELD_OUT_QUESTIONS stay out.
const paraphrases = [...loadParaphrases('tuning'), ...DEMO_QUESTIONS];
const inScope = paraphrases.filter((entry) => entry.expected !== null);
for (const { question, expected } of paraphrases) {
  const [best] = index.search(question, 1);
  if (!best) continue;
  const right = expected !== null && best.section.id === expected;
  rows.push({ x: vector(best.features), y: right ? 1 : 0, weight: 1, outOfScope: expected === null });
}
// Both classes weigh the same in total, so a thousand out-of-scope questions do not drown a hundred good ones.
const positives = rows.filter((row) => row.y === 1).length;
const negatives = rows.length - positives;
for (const row of rows) row.weight = row.y === 1 ? rows.length / (2 * positives) : rows.length / (2 * negatives);

const weights = SCOPE_FEATURES.map(() => 0);
let bias = 0;
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  const gradient = weights.map(() => 0);
  let biasGradient = 0;
  for (const row of rows) {
    const error = (sigmoid(dot(weights, row.x) + bias) - row.y) * row.weight;
    row.x.forEach((value, feature) => {
      gradient[feature] = (gradient[feature] ?? 0) + error * value;
    });
    biasGradient += error;
  }
  weights.forEach((weight, feature) => {
    weights[feature] = weight - LEARNING_RATE * ((gradient[feature] ?? 0) / rows.length + L2 * weight);
  });
  bias -= (LEARNING_RATE * biasGradient) / rows.length;
}

// The answer line: the smallest bias shift that keeps confident out-of-scope answers under the target.
const logits = (filter: (row: (typeof rows)[number]) => boolean) =>
  rows.filter(filter).map((row) => dot(weights, row.x) + bias);
const clincLogits = logits((row) => row.outOfScope).sort((left, right) => right - left);
const allowed = Math.floor(clincLogits.length * TARGET_OUT_OF_SCOPE);
const line = Math.max(0, clincLogits[allowed] ?? 0);
const shifted = bias - line - 1e-6;
const answeredRight = inScope.filter(({ question, expected }) => {
  const [best] = index.search(question, 1);
  return best && best.section.id === expected && dot(weights, vector(best.features)) + shifted >= 0;
}).length;
const confidentOut = clincLogits.filter((logit) => logit - bias + shifted >= 0).length;

const model = {
  weights: Object.fromEntries(SCOPE_FEATURES.map((name, feature) => [name, round(weights[feature] ?? 0)])),
  bias: round(shifted),
};
console.log(JSON.stringify(model));
console.log(
  `calibration: CLINC val + tuning shop questions answered ${percent(confidentOut / clincLogits.length)}, ` +
    `tuning paraphrases answered from the right section ${percent(answeredRight / inScope.length)}`,
);
if (process.argv.includes('--write')) {
  const target = fileURLToPath(
    new URL('../../../packages/relay/src/assistant/knowledge/scope-model.ts', import.meta.url),
  );
  writeFileSync(
    target,
    `import type { ScopeModel } from './scope.ts';

/**
 * Fitted by bench/eval/scope/calibrate.ts on CLINC150's validation split and our tuning paraphrases (never the test
 * splits); see docs/knowledge.md for the figures on held-out data.
 */
export const SCOPE_MODEL: ScopeModel = ${JSON.stringify(model, null, 2)
      .replace(/"(\w+)":/g, '$1:')
      .replace(/([\d}])\n/g, '$1,\n')};
`,
  );
}

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

function dot(left: readonly number[], right: readonly number[]): number {
  return left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
