import type { Citation, Message } from '@tandem/protocol';
import type { Assistant, HandoffSummary, SummaryRequest } from './assistant.ts';
import { AssistantError } from './errors.ts';
import { type KnowledgeDocument, type KnowledgeSection, sectionsFromDocuments } from './knowledge/knowledge-base.ts';
import { KnowledgeIndex } from './knowledge/retrieval.ts';
import { NOT_FOUND_ANSWERS } from './not-found.ts';

export interface SummarizeOptions {
  /** The conversation's assistant: its own `summarize` (Claude's) is used when it has one. */
  assistant?: Assistant;
  /** Knowledge to ground the extractive suggested reply in, when the assistant does not summarize. */
  knowledge?: KnowledgeDocument[] | KnowledgeIndex;
  locale?: string;
  signal?: AbortSignal;
  /** Why the conversation is being handed off, from the policy; named in the extractive summary. */
  reasons?: readonly string[];
}

/**
 * The summary and suggested reply a person gets at handoff time: from the assistant's model when it can write one,
 * otherwise (or when that fails) assembled from the transcript itself. Never throws for a model failure: a handoff
 * must not wait on, or fail because of, its summary.
 *
 * @example
 * const summary = await summarizeForHandoff(transcript, { assistant });
 * await adapter.open({ ...context, summary: summary.summary, suggestedReply: summary.suggestedReply });
 */
export async function summarizeForHandoff(
  transcript: readonly Message[],
  options: SummarizeOptions = {},
): Promise<HandoffSummary> {
  const request: SummaryRequest = {
    messages: [...transcript],
    ...(options.locale !== undefined ? { locale: options.locale } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.reasons !== undefined ? { reasons: options.reasons } : {}),
  };
  if (options.assistant?.summarize) {
    try {
      return await options.assistant.summarize(request);
    } catch (error) {
      const reason = AssistantError.isInstance(error) ? error.code : 'summary_failed';
      return { ...extractiveSummary(transcript, options), fallbackReason: reason };
    }
  }
  return extractiveSummary(transcript, options);
}

/**
 * `summarizeForHandoff` in the shape the handoff context packet calls: one function of the conversation, its
 * transcript and the escalation reasons.
 *
 * @example
 * createRelay({ ..., handoff: { summarize: createHandoffSummarizer({ assistant }) } });
 */
export function createHandoffSummarizer(options: Pick<SummarizeOptions, 'assistant' | 'knowledge'> = {}) {
  return (input: {
    transcript: Message[];
    conversation?: { locale?: string | undefined };
    reasons?: readonly string[];
  }): Promise<HandoffSummary> =>
    summarizeForHandoff(input.transcript, {
      ...options,
      ...(input.conversation?.locale !== undefined ? { locale: input.conversation.locale } : {}),
      ...(input.reasons !== undefined ? { reasons: input.reasons } : {}),
    });
}

/**
 * A summary from the transcript alone: the customer's first substantive message as the request, the assistant's
 * answers with their cited sections, what the customer asked that got no answer, and a suggested reply
 * built from the knowledge section that best matches what the customer asked.
 */
export function extractiveSummary(
  transcript: readonly Message[],
  options: { knowledge?: KnowledgeDocument[] | KnowledgeIndex; reasons?: readonly string[] } = {},
): HandoffSummary {
  const visitorMessages = transcript.filter((message) => message.role === 'visitor');
  const request = mainRequest(visitorMessages);
  const answered: string[] = [];
  const citations: Citation[] = [];
  const openQuestions: string[] = [];
  let pendingQuestions: string[] = [];

  for (const message of transcript) {
    if (message.role === 'visitor') {
      pendingQuestions.push(...asksIn(message.text));
    } else if (message.role === 'assistant' || message.role === 'agent') {
      // Only answers that passed the confidence threshold reach the transcript, so any assistant message other
      // than "I don't know" answered what came before it; citations name the source when the widget shows them.
      if (message.role === 'assistant' && isNotFoundAnswer(message.text)) {
        openQuestions.push(...pendingQuestions);
      } else {
        const sources = message.citations?.map((citation) => citation.title).join(', ');
        const who = message.role === 'agent' ? `${message.author?.name ?? 'An agent'} said` : 'Assistant answered';
        answered.push(`${who}${sources ? ` (from ${sources})` : ''}: ${firstSentence(message.text)}`);
        for (const citation of message.citations ?? []) {
          if (!citations.some((known) => known.id === citation.id)) citations.push(citation);
        }
      }
      pendingQuestions = [];
    }
  }
  openQuestions.push(...pendingQuestions);
  const open = [...new Set(openQuestions)];

  const knowledge = options.knowledge;
  const knowledgeIndex =
    knowledge === undefined || knowledge instanceof KnowledgeIndex
      ? knowledge
      : new KnowledgeIndex(sectionsFromDocuments(knowledge));
  // What is still open is what the person must answer, so it is searched first, each ask on its own (one joined
  // query lets a side remark drown the main complaint); the request only when nothing open matches. A section the
  // assistant already gave is never suggested again: the customer has read it.
  const given = (section: KnowledgeSection) =>
    citations.some((citation) => citation.id === section.id) ||
    transcript.some((message) => message.role === 'assistant' && message.text.includes(firstSentence(section.body)));
  const bestFor = (queries: readonly string[]) =>
    queries
      .flatMap((query) => (query.trim() === '' ? [] : (knowledgeIndex?.search(query, 3) ?? [])))
      .filter((hit) => hit.confidence >= GROUNDING_CONFIDENCE && !given(hit.section))
      .sort((a, b) => b.confidence - a.confidence)[0];
  const grounding = (bestFor(open) ?? bestFor([request]))?.section;

  // What the person must answer leads; the first request follows as background (it may be answered long ago).
  const summaryParts = open.length > 0 ? [`Still open: ${open.join(' ')}`] : [];
  const requestIsOpen = open.some(
    (question) => question.includes(request) || request.includes(question.replace(/[.!?]+$/, '')),
  );
  if (!(requestIsOpen && open.length > 0))
    summaryParts.push(`The customer ${open.length > 0 ? 'first asked' : 'wants'}: ${request || '(no message yet)'}.`);
  if (answered.length > 0)
    summaryParts.push(
      `The assistant answered ${answered.length === 1 ? 'once' : `${answered.length} times`}${describeSources(citations)}.`,
    );
  else summaryParts.push('The assistant could not answer from the knowledge base.');
  if (options.reasons && options.reasons.length > 0)
    summaryParts.push(`Handed over because: ${options.reasons.join(', ')}.`);

  const greeting = "Hi, I'm from the support team and I've read your conversation, so no need to repeat anything.";
  const suggestedReply = grounding
    ? `${greeting} ${firstSentences(grounding.body, 2)} Is there anything else I can check for you?`
    : `${greeting} I'm looking into ${open[0]?.endsWith('?') ? `"${truncate(open[0], 120)}"` : 'this'} now and will get back to you here shortly.`;

  return {
    summary: summaryParts.join(' ').replace(/\.\./g, '.'),
    request,
    answered,
    citations,
    openQuestions: open,
    suggestedReply,
    source: 'extractive',
  };
}

// --- internal ---

/** Below this retrieval confidence a section is too loosely related to put in a person's mouth. */
const GROUNDING_CONFIDENCE = 0.35;

const GREETING =
  /^(hi|hello|hey|hallo|hej|hola|bonjour|olá|ola|salut|مرحبا|good (morning|afternoon|evening))\b[\s!,.]*$/i;

/** The first visitor message that says more than hello: what the conversation is about. */
function mainRequest(visitorMessages: readonly Message[]): string {
  const substantive = visitorMessages.map((message) => message.text.trim()).filter((text) => !GREETING.test(text));
  const first = substantive[0] ?? '';
  return truncate(first.replace(/\s+/g, ' ').replace(/[.!?\s]+$/, ''), 300);
}

/**
 * What a visitor message asks for: its questions, or, when it has none, the whole message. A complaint such as
 * "third time I write, I want a refund NOW" has no question mark and is exactly what the person must read first.
 */
function asksIn(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '' || GREETING.test(flat)) return [];
  const questions = (flat.match(/[^.!?]*\?/g) ?? []).map((question) => question.trim()).filter(Boolean);
  return questions.length > 0 ? questions : [truncate(flat, 300)];
}

function isNotFoundAnswer(text: string): boolean {
  return Object.values(NOT_FOUND_ANSWERS).some((answer) => text.trim() === answer);
}

function describeSources(citations: readonly Citation[]): string {
  return citations.length > 0 ? ` from ${citations.map((citation) => `"${citation.title}"`).join(', ')}` : '';
}

function firstSentence(text: string): string {
  return firstSentences(text, 1);
}

function firstSentences(text: string, count: number): string {
  const plain = text
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const sentences = plain.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [plain];
  return truncate(sentences.slice(0, count).join('').trim(), 400);
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}
