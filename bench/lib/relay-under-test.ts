import { createRelay, type KnowledgeDocument, type RelayOptions } from '../../packages/relay/src/index.ts';
import { type RunningServer, serveApp } from '../../packages/relay/src/node/index.ts';

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

/**
 * The relay as a deployment would run it, on a real loopback socket, with limits raised so that the
 * benchmark's own traffic is not throttled, logs quiet so they do not skew timings or flood the output, and the
 * escalation policy off so every message gets the assistant's answer.
 */
export async function serveRelay(assistant: RelayOptions['assistant']): Promise<RunningServer> {
  const relay = createRelay({
    secret: 'bench-secret-bench-secret-bench-secret',
    assistant,
    allowedOrigins: '*',
    ipRateLimit: { limit: 1_000_000, windowSeconds: 60 },
    conversationRateLimit: { limit: 1_000_000, windowSeconds: 60 },
    logLevel: 'error',
    // The benchmarks ask the same question again and again; the policy would rightly hand such a loop to a person.
    policy: false,
  });
  return serveApp({ app: relay, port: 0, hostname: '127.0.0.1' });
}
