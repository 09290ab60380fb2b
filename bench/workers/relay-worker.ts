// The relay on Workers as the streaming benchmark runs it: the same workload as on Node.
import { createOfflineAssistant } from '../../packages/relay/src/index.ts';
import { createWorkersHandler } from '../../packages/relay/src/workers/index.ts';
import { BENCH_RELAY_OPTIONS, KNOWLEDGE, STREAMING_WORD_DELAY_MS } from '../lib/workload.ts';

export default createWorkersHandler({
  knowledge: KNOWLEDGE,
  assistant: (_bindings, knowledge) => createOfflineAssistant({ knowledge, wordDelayMs: STREAMING_WORD_DELAY_MS }),
  options: BENCH_RELAY_OPTIONS,
});

// Bound as TANDEM_CONVERSATIONS in the Durable Object variant of the benchmark.
export { TandemConversation } from '../../packages/relay/src/workers/index.ts';
