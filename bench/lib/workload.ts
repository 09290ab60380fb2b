import type { KnowledgeDocument } from '../../packages/relay/src/index.ts';

/** What every relay benchmark asks and answers from; free of Node modules so a Worker can bundle it too. */
export const KNOWLEDGE: KnowledgeDocument[] = [
  {
    id: 'returns',
    markdown:
      '# Returns\n\n## Return window\n' +
      'You have 30 days from delivery to return an item for a full refund. Items must be unused and in their ' +
      'original packaging. Start a return from the Orders page, print the prepaid label and drop the parcel at ' +
      'any post office. We email you as soon as the return arrives at our warehouse.',
  },
  {
    id: 'shipping',
    markdown: '## Shipping costs\nStandard shipping is free on orders over 50 EUR; below that it costs 4.90 EUR.',
  },
];

export const QUESTION = 'How long do I have to return an item?';

/** Paces the offline assistant like a fast model streaming words; the relay's cost is what is added on top. */
export const STREAMING_WORD_DELAY_MS = 4;

/** Limits raised so that a benchmark's own traffic is not throttled; the policy off so every question is answered. */
export const BENCH_RELAY_OPTIONS = {
  allowedOrigins: '*' as const,
  ipRateLimit: { limit: 1_000_000, windowSeconds: 60 },
  conversationRateLimit: { limit: 1_000_000, windowSeconds: 60 },
  logLevel: 'error' as const,
  // The benchmarks ask the same question again and again; the policy would rightly hand such a loop to a person.
  policy: false as const,
  // The benchmarks push the relay to saturation on purpose and time what it does there.
  loadShedding: false as const,
};
