/**
 * `pnpm bench escalation` (or `node --import tsx bench/escalation/run.ts [--verbose]`): precision and recall of each
 * local escalation signal on the labelled development set, against budgets. Exits non-zero when a budget is broken.
 * `--verbose` lists every miss, for reading, not for tuning to: a separate held-out set judges the shipped scorer.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { resolvePolicyConfig } from '../../packages/relay/src/policy/config.ts';
import { decide } from '../../packages/relay/src/policy/decide.ts';
import { customerTier } from '../../packages/relay/src/policy/signals/customer-tier.ts';
import { scoreFrustration } from '../../packages/relay/src/policy/signals/frustration.ts';
import { detectHumanRequest } from '../../packages/relay/src/policy/signals/human-request.ts';
import { detectLoop } from '../../packages/relay/src/policy/signals/loops.ts';
import { createTopicMatcher } from '../../packages/relay/src/policy/signals/sensitive-topics.ts';
import { isSmalltalk } from '../../packages/relay/src/policy/signals/smalltalk.ts';

const messageSchema = z.strictObject({
  id: z.string(),
  kind: z.literal('message'),
  locale: z.string(),
  text: z.string().min(1),
  humanRequest: z.boolean(),
  /** "angry": a person should step in for the mood alone; "negative": unhappy but routine. */
  sentiment: z.enum(['angry', 'negative', 'neutral', 'positive']),
  topics: z.array(z.string()),
  style: z.string(),
});
const loopSchema = z.strictObject({
  id: z.string(),
  kind: z.literal('loop'),
  locale: z.string(),
  previous: z.array(z.string()).min(1),
  text: z.string(),
  repeat: z.boolean(),
  style: z.string(),
});
const tierSchema = z.strictObject({
  id: z.string(),
  kind: z.literal('tier'),
  attributes: z.record(z.string(), z.union([z.string(), z.boolean(), z.number()])),
  verified: z.boolean(),
  vip: z.boolean(),
  style: z.string(),
});
const entrySchema = z.discriminatedUnion('kind', [messageSchema, loopSchema, tierSchema]);
type Entry = z.infer<typeof entrySchema>;

interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  misses: string[];
}

const verbose = process.argv.includes('--verbose');
const config = resolvePolicyConfig();
const topicMatcher = createTopicMatcher(config.topics);
const devSet = loadSet(fileURLToPath(new URL('./dev-set.jsonl', import.meta.url)));
const holdout = loadSet(fileURLToPath(new URL('./holdout-set.jsonl', import.meta.url)));

console.log(
  `  dev set: ${devSet.messages.length} messages, ${devSet.loops.length} loop cases, ${devSet.tiers.length} tier cases`,
);
const dev = evaluate(devSet);
print(dev);
for (const [locale, score] of dev.humanByLocale) {
  console.log(
    `  ${`human request, ${locale}`.padEnd(50)} precision ${format(precision(score))}  recall ${format(recall(score))}`,
  );
}
for (const message of devSet.messages) signalsOf(message); // warm-up, so the timing below is not the JIT's
const timed = performance.now();
for (const message of devSet.messages) signalsOf(message);
const elapsedMs = performance.now() - timed;
console.log(
  `  ${'signals per message (all local signals + decide)'.padEnd(50)} ${((elapsedMs * 1000) / devSet.messages.length).toFixed(0)} µs`,
);

// Written after the rules were frozen and never tuned against: closer to what a held-out evaluation will see.
console.log(`\n  hold-out set (not tuned against, no budgets): ${holdout.messages.length} messages`);
const held = evaluate(holdout);
print(held, [
  'human request',
  'angry (frustration score ≤ sentimentFloor)',
  'upset: angry or negative (same flag)',
  'topics (micro average)',
  'escalate on the visitor message alone (decide)',
]);

const budgets: Array<[string, number, number]> = [
  ['human request precision', precision(dev.human), 0.85],
  ['human request recall', recall(dev.human), 0.85],
  // The classifier detects negative messages (upset, whether or not a person is needed for the mood alone), so its
  // precision is counted against "angry or negative"; flagging a routine complaint is what it is trained to do.
  ['upset (angry or negative) precision', precision(dev.upset), 0.75],
  ['angry recall', recall(dev.angry), 0.7],
  ['topics precision', precision(dev.topicTotal), 0.85],
  ['topics recall', recall(dev.topicTotal), 0.8],
  ['repeated question precision', precision(dev.loop), 0.8],
  ['repeated question recall', recall(dev.loop), 0.8],
  ['VIP tier precision', precision(dev.tier), 1],
  ['VIP tier recall', recall(dev.tier), 1],
  ['escalation precision', precision(dev.escalation), 0.85],
  ['escalation recall', recall(dev.escalation), 0.8],
];
console.log('');
const broken = budgets.filter(([, value, minimum]) => !(value >= minimum));
for (const [label, value, minimum] of budgets) {
  console.log(`  ${value >= minimum ? '✓' : '✗'} ${label.padEnd(56)} ${format(value)}  (budget ≥ ${format(minimum)})`);
}
if (verbose) {
  for (const [set, result] of [
    ['dev', dev],
    ['hold-out', held],
  ] as const) {
    for (const [name, score] of result.rows)
      for (const miss of score.misses) console.log(`  miss [${set}] [${name}] ${miss}`);
  }
}
if (broken.length > 0) {
  console.log(`  ✗ ${broken.length} escalation budget(s) broken`);
  process.exit(1);
}

// --- internal ---

interface Evaluation {
  human: Score;
  angry: Score;
  upset: Score;
  topicTotal: Score;
  escalation: Score;
  loop: Score;
  tier: Score;
  humanByLocale: Map<string, Score>;
  polarityAccuracy: number;
  rows: Array<[string, Score]>;
}

function evaluate(set: ReturnType<typeof loadSet>): Evaluation {
  const human = newScore();
  const angry = newScore();
  const upset = newScore();
  const topics = new Map(config.topics.map((topic) => [topic.id, newScore()]));
  const escalation = newScore();
  const loop = newScore();
  const tier = newScore();
  const humanByLocale = new Map<string, Score>();
  let polarityCorrect = 0;
  for (const message of set.messages) {
    const request = detectHumanRequest(message.text);
    const sentiment = scoreFrustration(message.text, { locale: message.locale });
    const found = topicMatcher.match(message.text);
    const label = `${message.id} ${JSON.stringify(message.text)}`;
    count(human, request.requested, message.humanRequest, `${label} phrase=${request.phrase ?? '-'}`);
    if (!humanByLocale.has(message.locale)) humanByLocale.set(message.locale, newScore());
    count(humanByLocale.get(message.locale) as Score, request.requested, message.humanRequest, label);
    count(
      angry,
      sentiment.score <= config.sentimentFloor,
      message.sentiment === 'angry',
      `${label} score=${sentiment.score}`,
    );
    count(
      upset,
      sentiment.score <= config.sentimentFloor,
      message.sentiment === 'angry' || message.sentiment === 'negative',
      `${label} score=${sentiment.score}`,
    );
    if (polarity(sentiment.score) === labelPolarity(message.sentiment)) polarityCorrect++;
    for (const [id, score] of topics) {
      count(
        score,
        found.some((match) => match.id === id),
        message.topics.includes(id),
        `${label} topic=${id}`,
      );
    }
    const decision = signalsOf(message);
    const shouldEscalate = message.humanRequest || message.sentiment === 'angry' || message.topics.length > 0;
    count(escalation, decision.escalate, shouldEscalate, `${label} reasons=${decision.reasons.join(',') || '-'}`);
  }
  for (const entry of set.loops) {
    const signal = detectLoop([...entry.previous, entry.text], [], {
      similarity: config.loop.similarity,
      lowConfidenceBelow: config.loop.lowConfidenceBelow,
    });
    count(
      loop,
      signal.repeats > 0,
      entry.repeat,
      `${entry.id} ${JSON.stringify(entry.text)} similarity=${signal.similarity}`,
    );
  }
  for (const entry of set.tiers) {
    const signal = customerTier({ userId: entry.id, attributes: entry.attributes }, entry.verified, {
      attribute: config.vip.attribute,
      vipTiers: config.vip.tiers,
    });
    count(tier, signal.vip, entry.vip, `${entry.id} ${JSON.stringify(entry.attributes)} verified=${entry.verified}`);
  }
  const topicTotal = sum([...topics.values()]);
  const polarityAccuracy = set.messages.length > 0 ? polarityCorrect / set.messages.length : 1;
  const rows: Array<[string, Score]> = [
    ['human request', human],
    ['angry (frustration score ≤ sentimentFloor)', angry],
    ['upset: angry or negative (same flag)', upset],
    ...[...topics].map(([id, score]) => [`topic ${id}`, score] as [string, Score]),
    ['topics (micro average)', topicTotal],
    ['repeated question', loop],
    ['VIP tier (verified identities only)', tier],
    ['escalate on the visitor message alone (decide)', escalation],
  ];
  return { human, angry, upset, topicTotal, escalation, loop, tier, humanByLocale, polarityAccuracy, rows };
}

function print(result: Evaluation, only?: string[]) {
  for (const [name, score] of result.rows) {
    if (only && !only.includes(name)) continue;
    if (score.truePositives + score.falsePositives + score.falseNegatives + score.trueNegatives === 0) continue;
    console.log(
      `  ${name.padEnd(50)} precision ${format(precision(score))}  recall ${format(recall(score))}  (tp ${score.truePositives}, fp ${score.falsePositives}, fn ${score.falseNegatives})`,
    );
  }
  console.log(
    `  ${'sentiment polarity (negative / neutral / positive)'.padEnd(50)} accuracy ${format(result.polarityAccuracy)}`,
  );
}

function signalsOf(message: { text: string; locale: string }) {
  const request = detectHumanRequest(message.text);
  const sentiment = scoreFrustration(message.text, { locale: message.locale });
  const found = topicMatcher.match(message.text);
  return decide(
    {
      sentimentHistory: [sentiment.score],
      humanRequest: request,
      topics: found,
      customer: { vip: false },
      loop: { repeats: 0, similarity: 0, lowConfidenceStreak: 0 },
      smalltalk: isSmalltalk(message.text),
    },
    config,
  );
}

function loadSet(path: string) {
  const entries = readEntries(path);
  return {
    messages: entries.filter((entry): entry is Extract<Entry, { kind: 'message' }> => entry.kind === 'message'),
    loops: entries.filter((entry): entry is Extract<Entry, { kind: 'loop' }> => entry.kind === 'loop'),
    tiers: entries.filter((entry): entry is Extract<Entry, { kind: 'tier' }> => entry.kind === 'tier'),
  };
}

function readEntries(path: string): Entry[] {
  const name = path.split('/').at(-1);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, index) => {
      const parsed = entrySchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${name} line ${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

function newScore(): Score {
  return { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0, misses: [] };
}

function count(score: Score, predicted: boolean, expected: boolean, label: string) {
  if (predicted && expected) score.truePositives++;
  else if (predicted) {
    score.falsePositives++;
    score.misses.push(`false positive: ${label}`);
  } else if (expected) {
    score.falseNegatives++;
    score.misses.push(`false negative: ${label}`);
  } else score.trueNegatives++;
}

function sum(scores: Score[]): Score {
  const total = newScore();
  for (const score of scores) {
    total.truePositives += score.truePositives;
    total.falsePositives += score.falsePositives;
    total.falseNegatives += score.falseNegatives;
    total.trueNegatives += score.trueNegatives;
    total.misses.push(...score.misses);
  }
  return total;
}

function precision(score: Score): number {
  const predicted = score.truePositives + score.falsePositives;
  return predicted === 0 ? 1 : score.truePositives / predicted;
}

function recall(score: Score): number {
  const actual = score.truePositives + score.falseNegatives;
  return actual === 0 ? 1 : score.truePositives / actual;
}

function polarity(score: number): 'negative' | 'neutral' | 'positive' {
  return score <= -0.05 ? 'negative' : score >= 0.05 ? 'positive' : 'neutral';
}

function labelPolarity(label: 'angry' | 'negative' | 'neutral' | 'positive') {
  return label === 'angry' ? 'negative' : label;
}

function format(value: number): string {
  return value.toFixed(2);
}
