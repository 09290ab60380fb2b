import type { Assistant, AssistantPart, AssistantRequest } from './assistant.ts';
import { type KnowledgeDocument, sectionsFromDocuments } from './knowledge/knowledge-base.ts';
import { KnowledgeIndex } from './knowledge/retrieval.ts';

const ASSISTANT_NAME = 'offline-knowledge';

export interface OfflineAssistantOptions {
  knowledge: KnowledgeDocument[];
  /** Below this retrieval confidence the assistant says it does not know. Default 0.5. */
  minimumConfidence?: number;
  /** Pause between streamed words, for a natural reading pace. Default 0. */
  wordDelayMs?: number;
}

export const NOT_FOUND_ANSWER =
  "I'm sorry, I couldn't find that in our help articles, and I'd rather not guess. " +
  'A person from our team can help: use "Talk to a person" and they will pick this up.';

/**
 * Answers only with the text of the merchant's own knowledge section that best matches the question,
 * and says so honestly when no section matches well. Needs no network and no API key.
 */
export function createOfflineAssistant(options: OfflineAssistantOptions): Assistant {
  const index = new KnowledgeIndex(sectionsFromDocuments(options.knowledge));
  const minimumConfidence = options.minimumConfidence ?? 0.5;
  const wordDelayMs = options.wordDelayMs ?? 0;

  return {
    specificationVersion: 'v1',
    name: ASSISTANT_NAME,
    model: 'bm25',
    async *respond(request: AssistantRequest): AsyncGenerator<AssistantPart> {
      const question = [...request.messages].reverse().find((message) => message.role === 'visitor')?.text ?? '';
      const [best] = index.search(question, 1);
      const found = best !== undefined && best.confidence >= minimumConfidence;
      yield {
        type: 'assessment',
        assessment: {
          confidence: best?.confidence ?? 0,
          sentiment: 0,
          intent: 'question',
          topics: found ? [best.section.documentId] : [],
          citations: found ? [{ id: best.section.id, title: best.section.title }] : [],
        },
      };
      const answer = found ? best.section.body : NOT_FOUND_ANSWER;
      for (const word of answer.match(/\S+\s*/g) ?? []) {
        if (request.signal.aborted) return;
        if (wordDelayMs > 0) await sleep(wordDelayMs, request.signal);
        yield { type: 'text-delta', text: word };
      }
      yield { type: 'finish' };
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
