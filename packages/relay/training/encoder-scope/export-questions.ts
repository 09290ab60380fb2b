/**
 * Step 1 of the encoder-scope measurement (an experiment: nothing of it ships). Writes every question the
 * out-of-scope model is calibrated and measured on, with the shipped retrieval's candidate sections and their scope
 * features (the same `index.search` that bench/eval/scope/calibrate.ts fits on), and the demo knowledge's sections, so
 * that embed.mjs can embed them and measure.py can refit with the encoder's cosines added.
 *
 *     node --import tsx packages/relay/training/encoder-scope/export-questions.ts
 *
 * Needs CLINC150 at $TANDEM_EVAL_DATA/clinc150/data_full.json (see bench/eval/scope/sets.ts). Writes
 * $TANDEM_EVAL_DATA/encoder-scope/questions.json. Test sets are exported for the final figures only; nothing here
 * prints or inspects them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CLINC_HOW_TO,
  DEMO_KNOWLEDGE,
  EVAL_DATA,
  loadClinc,
  loadParaphrases,
} from '../../../../bench/eval/scope/sets.ts';
import { DEMO_QUESTIONS, HELD_OUT_QUESTIONS } from '../../src/assistant/knowledge/demo-questions.ts';
import { sectionsFromDocuments } from '../../src/assistant/knowledge/knowledge-base.ts';
import { KnowledgeIndex } from '../../src/assistant/knowledge/retrieval.ts';
import { SCOPE_FEATURES } from '../../src/assistant/knowledge/scope.ts';
import { loadKnowledgeFolder } from '../../src/node/index.ts';
import { resolvePolicyConfig } from '../../src/policy/config.ts';

const output = join(EVAL_DATA, 'encoder-scope');
const validation = loadClinc('val');
const test = loadClinc('test');
if (!validation || !test) {
  console.error(CLINC_HOW_TO);
  process.exit(2);
}
const sections = sectionsFromDocuments(await loadKnowledgeFolder(DEMO_KNOWLEDGE));
const index = new KnowledgeIndex(sections);
// The shipped answer: the best section when its confidence clears both the assistant's 0.5 and the policy's floor.
const line = Math.max(0.5, resolvePolicyConfig().confidenceFloor);

const describe = (question: string, expected: string | null) => {
  const matches = index.search(question, Number.POSITIVE_INFINITY);
  const best = matches[0];
  return {
    question,
    expected,
    candidates: matches.map((match) => ({
      section: match.section.id,
      features: SCOPE_FEATURES.map((name) => match.features[name]),
    })),
    shipped: best !== undefined && best.confidence >= line ? best.section.id : null,
  };
};
const outOfScope = (questions: string[]) => questions.map((question) => describe(question, null));
const inScope = (questions: ReadonlyArray<{ question: string; expected: string | null }>) =>
  questions.map(({ question, expected }) => describe(question, expected));

const sets = {
  clinc_val_oos: outOfScope(validation.outOfScope.questions),
  clinc_val_other: outOfScope(validation.otherDomains.questions),
  paraphrases_tuning: inScope(loadParaphrases('tuning')),
  demo_tuning: inScope(DEMO_QUESTIONS),
  clinc_test_oos: outOfScope(test.outOfScope.questions),
  clinc_test_other: outOfScope(test.otherDomains.questions),
  paraphrases_test: inScope(loadParaphrases('test')),
  demo_held_out: inScope(HELD_OUT_QUESTIONS),
};
mkdirSync(output, { recursive: true });
writeFileSync(
  join(output, 'questions.json'),
  `${JSON.stringify({
    features: SCOPE_FEATURES,
    sections: sections.map((section) => ({
      id: section.id,
      title: section.title,
      documentTitle: section.documentTitle ?? null,
      body: section.body,
    })),
    sets,
  })}\n`,
);
console.log(
  Object.entries(sets)
    .map(([name, questions]) => `${name} ${questions.length}`)
    .join(', '),
);
