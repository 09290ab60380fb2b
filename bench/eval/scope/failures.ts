/**
 * Why the offline assistant misses in-scope questions, for tuning: each tuning paraphrase (or, with --demo, each
 * DEMO_QUESTIONS entry) that is not answered from its section, with its stems, the right section's rank, confidence and
 * features, and the section answered instead. Categories: WRONG (another section answered above the line), MISRANK
 * (another section first, below the line), LOWCONF (the right section first, below the line), NONE (no section shares
 * a word). It reads only tuning sets: the held-out paraphrases are measured by `pnpm eval`, never inspected.
 * Run: node --import tsx bench/eval/scope/failures.ts [--demo]
 */
import { DEMO_QUESTIONS } from '../../../packages/relay/src/assistant/knowledge/demo-questions.ts';
import { sectionsFromDocuments } from '../../../packages/relay/src/assistant/knowledge/knowledge-base.ts';
import { KnowledgeIndex } from '../../../packages/relay/src/assistant/knowledge/retrieval.ts';
import { tokenize } from '../../../packages/relay/src/assistant/knowledge/tokenize.ts';
import { loadKnowledgeFolder } from '../../../packages/relay/src/node/index.ts';
import { DEMO_KNOWLEDGE, loadParaphrases } from './sets.ts';

const ANSWER_LINE = 0.5;
const index = new KnowledgeIndex(sectionsFromDocuments(await loadKnowledgeFolder(DEMO_KNOWLEDGE)));
const questions = process.argv.includes('--demo') ? DEMO_QUESTIONS : loadParaphrases('tuning');
const counts = new Map<string, number>();
const rounded = (_key: string, value: unknown) => (typeof value === 'number' ? Math.round(value * 100) / 100 : value);
for (const { question, expected } of questions) {
  if (expected === null) continue;
  const matches = index.search(question, Number.POSITIVE_INFINITY);
  const [top] = matches;
  const rank = matches.findIndex((match) => match.section.id === expected);
  const category =
    top === undefined
      ? 'NONE'
      : top.section.id === expected
        ? top.confidence >= ANSWER_LINE
          ? 'ok'
          : 'LOWCONF'
        : top.confidence >= ANSWER_LINE
          ? 'WRONG'
          : 'MISRANK';
  counts.set(category, (counts.get(category) ?? 0) + 1);
  if (category === 'ok') continue;
  const right = matches[rank];
  console.log(`${category}\t${question}\n\tstems: ${tokenize(question).join(' ')}`);
  console.log(
    `\texpected ${expected}: rank ${rank + 1 || 'none'}, confidence ${right?.confidence.toFixed(2) ?? '-'} ${JSON.stringify(right?.features ?? {}, rounded)}`,
  );
  console.log(`\tfirst ${top?.section.id ?? '-'}: confidence ${top?.confidence.toFixed(2) ?? '-'}`);
}
console.log([...counts].map(([category, count]) => `${category} ${count}`).join(', '));
