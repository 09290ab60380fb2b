// An assistant that takes its time (as a model does), so the answer outlives the request that asked for it.
import { createOfflineAssistant } from '@tandem/relay';
import { createWorkersHandler } from '@tandem/relay/workers';

export default createWorkersHandler({
  knowledge: [{ id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item.' }],
  assistant: (_bindings, knowledge) => createOfflineAssistant({ knowledge, wordDelayMs: 20 }),
});
