// A merchant's Worker entry with conversations in Durable Objects: the package's handler and its object class.
// The assistant is paced like a model writing (10 ms a word), so answers stream long enough to drop mid-way.
import { createOfflineAssistant } from '@tandem/relay';
import { createWorkersHandler } from '@tandem/relay/workers';

export { TandemConversation } from '@tandem/relay/workers';

export default createWorkersHandler({
  assistant: (_bindings, knowledge) => createOfflineAssistant({ knowledge, wordDelayMs: 10 }),
});
