import type { Citation, Message } from '@tandem/protocol';

/** What an assistant judged before writing its answer; the policy decides from this before any text is shown. */
export interface AssistantAssessment {
  /** 0..1: how sure the assistant is that approved knowledge answers the question. */
  confidence: number;
  /** -1..1: the customer's mood as the assistant reads it. */
  sentiment: number;
  intent: 'question' | 'wants-human' | 'complaint' | 'smalltalk' | 'other';
  topics: string[];
  citations: Citation[];
  /** Knowledge ids the model cited that do not exist; they were dropped and the confidence lowered. */
  unknownCitations?: string[];
}

export type AssistantPart =
  | { type: 'assessment'; assessment: AssistantAssessment }
  | { type: 'text-delta'; text: string }
  | {
      type: 'finish';
      /**
       * Sources to show the visitor under the answer, present only when the assistant is configured to show them.
       * The assessment's citations are for the policy and the audit log either way.
       */
      citations?: Citation[];
    };

export interface AssistantRequest {
  conversationId: string;
  locale?: string;
  /** The transcript so far, the newest visitor message last. */
  messages: Message[];
  signal: AbortSignal;
}

/**
 * Answers a visitor. Yields exactly one `assessment` first, then `text-delta`s, then `finish`.
 * A stream that ends without `finish` was cut off and its text must not be shown as complete.
 * Failures are thrown as `AssistantError` (errors.ts) with a code and whether a retry could help.
 */
export interface Assistant {
  readonly specificationVersion: 'v1';
  readonly name: string;
  readonly model: string;
  /** Version of the instructions the assistant answers under (its system prompt), for the audit log. */
  readonly promptVersion?: string;
  respond(request: AssistantRequest): AsyncIterable<AssistantPart>;
}
