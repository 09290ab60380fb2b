/**
 * Fits the out-of-scope model (packages/relay/src/assistant/knowledge/scope-model.ts): a logistic regression on the
 * features of every section a question's words reach, labelled "this section answers it" or not, so the same model
 * ranks the sections and decides whether the best one answers at all. Calibration data only: CLINC150's validation
 * split (every question out of scope) and our tuning paraphrases with the demo questions the tokenizer was tuned on;
 * the test splits are never read here.
 * Then the bias is moved so that at confidence 0.5 at most TARGET_OUT_OF_SCOPE of each out-of-scope set (CLINC's
 * oos_val, its other domains, the shop questions the knowledge does not cover) gets a confident answer from its best
 * section. Run: node --import tsx bench/eval/scope/calibrate.ts [--write]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEMO_QUESTIONS } from '../../../packages/relay/src/assistant/knowledge/demo-questions.ts';
import { sectionsFromDocuments } from '../../../packages/relay/src/assistant/knowledge/knowledge-base.ts';
import { KnowledgeIndex } from '../../../packages/relay/src/assistant/knowledge/retrieval.ts';
import { SCOPE_FEATURES, type ScopeFeatures } from '../../../packages/relay/src/assistant/knowledge/scope.ts';
import { loadKnowledgeFolder } from '../../../packages/relay/src/node/index.ts';
import { CLINC_HOW_TO, DEMO_KNOWLEDGE, loadClinc, loadParaphrases } from './sets.ts';

// Under the 5% target with room for the test splits to differ from the validation split (two standard errors of a
// 5% rate on CLINC's 2,960 validation questions are about 0.8 points).
const TARGET_OUT_OF_SCOPE = Number(process.env.TARGET ?? 0.04);
const L2 = 0.01;
const EPOCHS = 3000;
const LEARNING_RATE = 0.5;

const clinc = loadClinc('val');
if (!clinc) {
  console.error(CLINC_HOW_TO);
  process.exit(2);
}
const index = new KnowledgeIndex(sectionsFromDocuments(await loadKnowledgeFolder(DEMO_KNOWLEDGE)));
const vector = (features: ScopeFeatures) => SCOPE_FEATURES.map((name) => features[name]);
// Every section a question's words reach is a candidate; the model learns which candidate answers it (if any), so it
// ranks sections as well as it decides whether the best one answers at all.
interface Question {
  candidates: Array<{ x: number[]; right: boolean }>;
  /** The out-of-scope set it belongs to, or null when the knowledge answers it. */
  outOfScope: string | null;
  inScope: boolean;
}
const questions: Question[] = [];
const candidatesOf = (question: string, expected: string | null) =>
  index.search(question, Number.POSITIVE_INFINITY).map((match) => ({
    x: vector(match.features),
    right: expected !== null && match.section.id === expected,
  }));
for (const set of [clinc.outOfScope, clinc.otherDomains]) {
  for (const question of set.questions) {
    questions.push({ candidates: candidatesOf(question, null), outOfScope: set.name, inScope: false });
  }
}
// The tokenizer's own tuning questions (demo-questions.ts) calibrate too; its HELD_OUT_QUESTIONS stay out.
for (const { question, expected } of [...loadParaphrases('tuning'), ...DEMO_QUESTIONS]) {
  questions.push({
    candidates: candidatesOf(question, expected),
    outOfScope: expected === null ? 'shop questions the knowledge does not cover' : null,
    inScope: expected !== null,
  });
}
const rows = questions.flatMap((question) =>
  question.candidates.map((candidate) => ({ x: candidate.x, y: candidate.right ? 1 : 0, weight: 1 })),
);
// Both classes weigh the same in total, so thousands of wrong candidates do not drown a hundred right ones.
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

// Each question's answer is its candidate with the highest logit.
const best = (question: Question) =>
  question.candidates.reduce<{ logit: number; right: boolean } | undefined>((top, candidate) => {
    const logit = dot(weights, candidate.x) + bias;
    return top === undefined || logit > top.logit ? { logit, right: candidate.right } : top;
  }, undefined);
// The answer line: the smallest bias shift that keeps confident answers under the target in every out-of-scope set
// on its own (a pooled rate would let the largest set hide a smaller one above the target).
const outOfScopeSets = new Map<string, number[]>();
for (const question of questions) {
  if (question.outOfScope === null) continue;
  const logits = outOfScopeSets.get(question.outOfScope) ?? [];
  logits.push(best(question)?.logit ?? Number.NEGATIVE_INFINITY);
  outOfScopeSets.set(question.outOfScope, logits);
}
let line = 0;
for (const logits of outOfScopeSets.values()) {
  logits.sort((left, right) => right - left);
  line = Math.max(line, logits[Math.floor(logits.length * TARGET_OUT_OF_SCOPE)] ?? 0);
}
const shifted = bias - line - 1e-6;
const inScope = questions.filter((question) => question.inScope);
const answeredRight = inScope.filter((question) => {
  const top = best(question);
  return top?.right === true && top.logit - bias + shifted >= 0;
}).length;
const rankedRight = inScope.filter((question) => best(question)?.right).length;

const model = {
  weights: Object.fromEntries(SCOPE_FEATURES.map((name, feature) => [name, round(weights[feature] ?? 0)])),
  bias: round(shifted),
};
console.log(JSON.stringify(model));
const answeredRates = [...outOfScopeSets].map(
  ([name, logits]) =>
    `${name} ${percent(logits.filter((logit) => logit - bias + shifted >= 0).length / logits.length)}`,
);
console.log(
  `calibration: confident answers to out-of-scope questions: ${answeredRates.join(', ')}; ` +
    `in-scope tuning questions answered from the right section ${percent(answeredRight / inScope.length)} ` +
    `(ranked first ${percent(rankedRight / inScope.length)})`,
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
