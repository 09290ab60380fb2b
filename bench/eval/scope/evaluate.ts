/**
 * The offline assistant's out-of-scope decision, measured: how often it answers a question about another subject
 * (public CLINC150 test split first), and how often it answers an in-scope question written in other words than the
 * knowledge from the right section (held-out paraphrases first). Calibration figures follow, marked as such.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Message } from '../../../packages/protocol/src/index.ts';
import type { Assistant } from '../../../packages/relay/src/assistant/assistant.ts';
import { DEMO_QUESTIONS, HELD_OUT_QUESTIONS } from '../../../packages/relay/src/assistant/knowledge/demo-questions.ts';
import { sectionsFromDocuments } from '../../../packages/relay/src/assistant/knowledge/knowledge-base.ts';
import { KnowledgeIndex } from '../../../packages/relay/src/assistant/knowledge/retrieval.ts';
import { createOfflineAssistant } from '../../../packages/relay/src/assistant/offline.ts';
import { loadKnowledgeFolder } from '../../../packages/relay/src/node/index.ts';
import { resolvePolicyConfig } from '../../../packages/relay/src/policy/config.ts';
import { type EvaluationPart, percent, row } from '../score.ts';
import { CLINC_HOW_TO, DEMO_KNOWLEDGE, loadClinc, loadParaphrases, type Paraphrase } from './sets.ts';

interface Answer {
  cited: string | null;
  confidence: number;
}

export async function scopeEvaluation(): Promise<EvaluationPart> {
  const knowledge = await loadKnowledgeFolder(DEMO_KNOWLEDGE);
  const assistant = createOfflineAssistant({ knowledge });
  // The policy hands off below its confidence floor before any text is shown: an answer counts only above both.
  const floor = resolvePolicyConfig().confidenceFloor;
  const answer = (question: string) => ask(assistant, question);
  const metrics: Record<string, number> = {};
  const lines: string[] = [];

  for (const split of ['test', 'val'] as const) {
    const clinc = loadClinc(split);
    const role = split === 'test' ? 'public test split, never tuned on' : 'calibration split';
    if (!clinc) {
      if (split === 'test') lines.push(`  skipped CLINC150 (${CLINC_HOW_TO})`);
      continue;
    }
    for (const set of [clinc.outOfScope, clinc.otherDomains]) {
      let confident = 0;
      for (const question of set.questions) {
        const result = await answer(question);
        if (result.cited !== null && result.confidence >= floor) confident++;
      }
      const key = `scope.clinc_${split}.${set === clinc.outOfScope ? 'oos' : 'other_domains'}.answered_rate`;
      metrics[key] = confident / set.questions.length;
      lines.push(
        row(`${set.name} (${role})`, `answered ${percent(metrics[key])} of ${set.questions.length} out-of-scope`),
      );
    }
  }

  const sets: Array<[string, string, ReadonlyArray<Paraphrase>]> = [
    ['paraphrases_test', 'shop paraphrases, held out (written before tuning)', loadParaphrases('test')],
    ['demo_held_out', 'demo-questions.ts HELD_OUT_QUESTIONS (held out)', HELD_OUT_QUESTIONS],
    ['paraphrases_tuning', 'shop paraphrases, tuning (calibrated on)', loadParaphrases('tuning')],
    ['demo_tuning', 'demo-questions.ts DEMO_QUESTIONS (tuned on)', DEMO_QUESTIONS],
  ];
  for (const [key, name, questions] of sets) {
    let inScope = 0;
    let right = 0;
    let wrong = 0;
    let uncovered = 0;
    let uncoveredAnswered = 0;
    for (const { question, expected } of questions) {
      const result = await answer(question);
      const answered = result.cited !== null && result.confidence >= floor;
      if (expected === null) {
        uncovered++;
        if (answered) uncoveredAnswered++;
      } else {
        inScope++;
        if (answered && result.cited === expected) right++;
        else if (answered) wrong++;
      }
    }
    metrics[`scope.${key}.right_section_rate`] = right / inScope;
    metrics[`scope.${key}.wrong_section_rate`] = wrong / inScope;
    // An in-scope question the assistant does not answer goes to a person: a handoff the knowledge made unneeded.
    metrics[`scope.${key}.false_handoff_rate`] = (inScope - right - wrong) / inScope;
    metrics[`scope.${key}.uncovered_answered_rate`] = uncovered > 0 ? uncoveredAnswered / uncovered : 0;
    lines.push(
      row(
        name,
        `right section ${percent(right / inScope)}, wrong ${percent(wrong / inScope)}, handed off ${percent((inScope - right - wrong) / inScope)} of ${inScope}; uncovered answered ${uncoveredAnswered}/${uncovered}`,
      ),
    );
  }
  lines.push(...retrievalCost(knowledge, metrics), ...dataSize(metrics));
  return { metrics, lines };
}

/** What retrieval costs: time per question on the demo knowledge (one core, after warm-up). */
function retrievalCost(
  knowledge: Parameters<typeof sectionsFromDocuments>[0],
  metrics: Record<string, number>,
): string[] {
  const started = performance.now();
  const index = new KnowledgeIndex(sectionsFromDocuments(knowledge));
  const indexing = performance.now() - started;
  const questions = [...loadParaphrases('tuning'), ...DEMO_QUESTIONS].map((entry) => entry.question);
  for (const question of questions) index.search(question, 1);
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const question of questions) {
      const start = performance.now();
      index.search(question, 1);
      times.push(performance.now() - start);
    }
  }
  times.sort((left, right) => left - right);
  const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
  const p99 = times[Math.floor(times.length * 0.99)] ?? 0;
  metrics['scope.retrieval_ms_mean'] = mean;
  return [
    row(
      'retrieval cost (demo knowledge, 30 sections)',
      `${mean.toFixed(2)} ms per question (p99 ${p99.toFixed(2)} ms), index built in ${indexing.toFixed(1)} ms`,
    ),
  ];
}

// The word tables every relay carries for the out-of-scope model (Workers included).
const DATA_FILES = ['background-frequencies.ts', 'related-words.ts'];

/** What the offline assistant's word tables add to the relay, raw and gzipped. */
function dataSize(metrics: Record<string, number>): string[] {
  const texts = DATA_FILES.map((file) =>
    readFileSync(fileURLToPath(new URL(`../../../packages/relay/src/assistant/knowledge/${file}`, import.meta.url))),
  );
  const sizes = texts.map((text) => text.length);
  metrics['scope.data_bytes'] = sizes.reduce((sum, size) => sum + size, 0);
  const gzipped = texts.reduce((sum, text) => sum + gzipSync(text).length, 0);
  return [
    row(
      'word tables (relay bundle)',
      `${DATA_FILES.map((file, index) => `${file} ${((sizes[index] ?? 0) / 1024).toFixed(0)} KiB`).join(', ')}; ${(gzipped / 1024).toFixed(0)} KiB gzipped`,
    ),
  ];
}

async function ask(assistant: Assistant, question: string): Promise<Answer> {
  const message: Message = { id: 'q', role: 'visitor', text: question, createdAt: '2026-12-01T00:00:00.000Z' };
  for await (const part of assistant.respond({
    conversationId: 'eval',
    messages: [message],
    signal: new AbortController().signal,
  })) {
    if (part.type === 'assessment') {
      return { cited: part.assessment.citations[0]?.id ?? null, confidence: part.assessment.confidence };
    }
  }
  return { cited: null, confidence: 0 };
}
