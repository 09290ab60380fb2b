export { createRelay, type Relay } from './app.ts';
export type { Assistant, AssistantAssessment, AssistantPart, AssistantRequest } from './assistant/assistant.ts';
export {
  type KnowledgeDocument,
  type KnowledgeSection,
  sectionsFromDocuments,
} from './assistant/knowledge/knowledge-base.ts';
export { KnowledgeIndex, type RetrievalMatch } from './assistant/knowledge/retrieval.ts';
export { createOfflineAssistant, type OfflineAssistantOptions } from './assistant/offline.ts';
export { ConversationService } from './conversation/conversation-service.ts';
export { RelayError } from './errors.ts';
export type { RelayOptions } from './options.ts';
export { createMemoryStore } from './store/memory.ts';
export type { ConversationRecord, ConversationStore } from './store/store.ts';
