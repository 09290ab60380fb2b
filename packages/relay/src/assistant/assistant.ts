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
  /**
   * Optional: a summary and a suggested reply for the person taking over. `summarizeForHandoff` uses it when present
   * and falls back to an extractive summary when it is absent or fails.
   */
  summarize?(request: SummaryRequest): Promise<HandoffSummary>;
}

export interface SummaryRequest {
  /** The whole transcript, oldest first. */
  messages: Message[];
  locale?: string;
  signal?: AbortSignal;
  /** Why the conversation is being handed over, from the escalation policy. */
  reasons?: readonly string[];
}

/** What the person taking over reads first, so the customer never has to repeat themselves. */
export interface HandoffSummary {
  /** Two or three sentences, what is still open first, then what they asked before and what they were told. */
  summary: string;
  /** What the customer is waiting for, in their words where possible: the newest unanswered ask, else the first. */
  request: string;
  /** What the assistant answered, one line each. */
  answered: string[];
  /** Knowledge sections the assistant's answers cited. */
  citations: Citation[];
  /** Questions the customer asked that were not answered. */
  openQuestions: string[];
  /** A first reply the agent can send or edit, grounded in the best matching knowledge section when there is one. */
  suggestedReply: string;
  /** `model` when written by the model, `extractive` when assembled from the transcript. */
  source: 'model' | 'extractive';
  /** Set when the model was asked but failed, and the extractive summary stands in. */
  fallbackReason?: string;
}
