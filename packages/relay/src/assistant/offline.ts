import type { Citation } from '@tandem/protocol';
import { describeIssues } from '@tandem/protocol';
import { z } from 'zod';
import { abortableSleep } from './abortable-sleep.ts';
import type { Assistant, AssistantPart, AssistantRequest } from './assistant.ts';
import { knowledgeDocumentSchema, sectionsFromDocuments } from './knowledge/knowledge-base.ts';
import { KnowledgeIndex } from './knowledge/retrieval.ts';
import { tokenize } from './knowledge/tokenize.ts';
import { notFoundAnswer } from './not-found.ts';
import { extractiveSummary } from './summary.ts';

const ASSISTANT_NAME = 'offline-knowledge';

/** Changes when the way answers are chosen changes, for the audit log. */
export const OFFLINE_PROMPT_VERSION = 'offline-bm25-ranked-scope-2026-12-05.1';

export const offlineAssistantOptionsSchema = z.strictObject({
  /** The merchant's knowledge as markdown documents (from `loadKnowledgeFolder` on Node, or an in-memory list). */
  knowledge: z.array(knowledgeDocumentSchema),
  /**
   * Below this retrieval confidence the assistant says it does not know. Default 0.5, the line the out-of-scope model
   * was calibrated for (docs/knowledge.md).
   */
  minimumConfidence: z.number().min(0).max(1).default(0.5),
  /** Put the answer's source section on the message so the widget shows it. Default off. */
  showSources: z.boolean().default(false),
  /** Pause between streamed words, for a natural reading pace. Default 0. */
  wordDelayMs: z.number().int().min(0).max(1000).default(0),
});

export type OfflineAssistantOptions = z.input<typeof offlineAssistantOptionsSchema>;

/**
 * Answers only with the text of the merchant's own knowledge section that best matches the question, and says
 * honestly, in the visitor's language, when no section matches well. Needs no network and no API key.
 *
 * @example
 * const assistant = createOfflineAssistant({ knowledge: await loadKnowledgeFolder('./knowledge'), showSources: true });
 */
export function createOfflineAssistant(options: OfflineAssistantOptions): Assistant {
  const parsed = offlineAssistantOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new Error(`[tandem] [assistant] invalid offline assistant options: ${describeIssues(parsed.error)}`);
  }
  const { knowledge, minimumConfidence, showSources, wordDelayMs } = parsed.data;
  const index = new KnowledgeIndex(sectionsFromDocuments(knowledge));

  return {
    specificationVersion: 'v1',
    name: ASSISTANT_NAME,
    model: 'bm25',
    promptVersion: OFFLINE_PROMPT_VERSION,
    summarize: async (request) =>
      extractiveSummary(request.messages, {
        knowledge: index,
        ...(request.reasons !== undefined ? { reasons: request.reasons } : {}),
      }),
    async *respond(request: AssistantRequest): AsyncGenerator<AssistantPart> {
      const [best] = index.search(questionOf(request), 1);
      const found = best !== undefined && best.confidence >= minimumConfidence;
      // It cannot look at a picture or a document; whatever the words say, a person should see the file.
      const sentFile =
        (request.messages.findLast((message) => message.role === 'visitor')?.attachments?.length ?? 0) > 0;
      const citations: Citation[] = found ? [{ id: best.section.id, title: best.section.title }] : [];
      yield {
        type: 'assessment',
        assessment: {
          // An answer that cites nothing is never confident, whatever the match scored (as with Claude): with a
          // minimumConfidence above the policy's floor, a near miss must still reach a person.
          confidence: found ? best.confidence : 0,
          sentiment: 0,
          intent: sentFile ? 'wants-human' : 'question',
          topics: found ? [best.section.documentId] : [],
          citations,
        },
      };
      const answer = found ? best.section.body : notFoundAnswer(request.locale);
      for (const word of answer.match(/\S+\s*/g) ?? []) {
        if (request.signal.aborted) return;
        if (wordDelayMs > 0) await abortableSleep(wordDelayMs, request.signal);
        yield { type: 'text-delta', text: word };
      }
      yield { type: 'finish', ...(showSources && citations.length > 0 ? { citations } : {}) };
    },
  };
}

// "and express?", "what about Norway?", "und nach Norwegen?": a follow-up that only makes sense with the question before.
const FOLLOW_UP = /^\s*(?:and|also|plus|what about|how about|what if|y|e|und|et|och|og|و)\b/iu;

/** The newest visitor message, with the one before it when the newest is a short follow-up. */
function questionOf(request: AssistantRequest): string {
  const visitorTexts = request.messages.filter((message) => message.role === 'visitor').map((message) => message.text);
  const latest = visitorTexts.at(-1) ?? '';
  const previous = visitorTexts.at(-2);
  const isFollowUp = previous !== undefined && tokenize(latest).length <= 3 && FOLLOW_UP.test(latest);
  return isFollowUp ? `${previous} ${latest}` : latest;
}
