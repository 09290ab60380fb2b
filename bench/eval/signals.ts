/**
 * The local escalation signals on our labelled sets (bench/escalation: the development set the rules were written
 * against, and the hold-out set written after they were frozen), per signal and per language: asks for a person,
 * sensitive topics, the local sentiment floor, and the policy's decision on the message alone with the handoffs it
 * would make that nobody needed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { resolvePolicyConfig } from '../../packages/relay/src/policy/config.ts';
import { decide } from '../../packages/relay/src/policy/decide.ts';
import { detectHumanRequest } from '../../packages/relay/src/policy/signals/human-request.ts';
import { createTopicMatcher } from '../../packages/relay/src/policy/signals/sensitive-topics.ts';
import { scoreSentiment } from '../../packages/relay/src/policy/signals/sentiment.ts';
import { isSmalltalk } from '../../packages/relay/src/policy/signals/smalltalk.ts';
import {
  count,
  type EvaluationPart,
  falsePositiveRate,
  fixed,
  newScore,
  percent,
  precision,
  recall,
  row,
  type Score,
} from './score.ts';

const messageSchema = z.object({
  id: z.string(),
  kind: z.literal('message'),
  locale: z.string(),
  text: z.string().min(1),
  humanRequest: z.boolean(),
  sentiment: z.enum(['angry', 'negative', 'neutral', 'positive']),
  topics: z.array(z.string()),
});
type LabelledMessage = z.infer<typeof messageSchema>;

const SETS = [
  ['dev', 'bench/escalation dev set (rules written against it)', '../escalation/dev-set.jsonl'],
  ['holdout', 'bench/escalation hold-out set (never tuned on)', '../escalation/holdout-set.jsonl'],
] as const;

export function signalsEvaluation(): EvaluationPart {
  const config = resolvePolicyConfig();
  const topics = createTopicMatcher(config.topics);
  const metrics: Record<string, number> = {};
  const lines: string[] = [];
  // The hold-out set first: it is the closer to what real customers will write.
  for (const [key, name, path] of [...SETS].reverse()) {
    const messages = loadMessages(fileURLToPath(new URL(path, import.meta.url)));
    const scores = new Map<string, Score>();
    const scoreOf = (signal: string, locale: string) => {
      const id = `${signal}.${locale}`;
      if (!scores.has(id)) scores.set(id, newScore());
      return scores.get(id) as Score;
    };
    for (const message of messages) {
      const humanRequest = detectHumanRequest(message.text);
      const found = topics.match(message.text);
      const sentiment = scoreSentiment(message.text, { locale: message.locale });
      const decision = decide(
        {
          sentimentHistory: [sentiment.score],
          humanRequest,
          topics: found,
          customer: { vip: false },
          loop: { repeats: 0, similarity: 0, lowConfidenceStreak: 0 },
          smalltalk: isSmalltalk(message.text),
        },
        config,
      );
      const shouldEscalate = message.humanRequest || message.sentiment === 'angry' || message.topics.length > 0;
      for (const locale of ['all', message.locale]) {
        count(scoreOf('human_request', locale), humanRequest.requested, message.humanRequest);
        count(scoreOf('topics', locale), found.length > 0, message.topics.length > 0);
        count(
          scoreOf('angry_local_sentiment', locale),
          sentiment.score <= config.sentimentFloor,
          message.sentiment === 'angry',
        );
        count(scoreOf('escalate', locale), decision.escalate, shouldEscalate);
      }
    }
    lines.push(`  ${name}: ${messages.length} messages`);
    const locales = ['all', ...new Set(messages.map((message) => message.locale))];
    for (const signal of ['human_request', 'topics', 'angry_local_sentiment', 'escalate']) {
      for (const locale of locales) {
        const score = scores.get(`${signal}.${locale}`);
        if (!score) continue;
        const prefix = `signals.${key}.${signal}.${locale}`;
        metrics[`${prefix}.precision`] = precision(score);
        metrics[`${prefix}.recall`] = recall(score);
        if (signal === 'escalate') metrics[`${prefix}.false_handoff_rate`] = falsePositiveRate(score);
        const handoffs = signal === 'escalate' ? `, false handoffs ${percent(falsePositiveRate(score))}` : '';
        lines.push(
          row(
            `${signal.replaceAll('_', ' ')}, ${locale}`,
            `precision ${fixed(precision(score))}  recall ${fixed(recall(score))}  (tp ${score.truePositives}, fp ${score.falsePositives}, fn ${score.falseNegatives})${handoffs}`,
          ),
        );
      }
    }
  }
  return { metrics, lines };
}

function loadMessages(path: string): LabelledMessage[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      const entry = JSON.parse(line) as { kind?: string };
      return entry.kind === 'message' ? [messageSchema.parse(entry)] : [];
    });
}
