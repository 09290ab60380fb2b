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
 * A summary from the transcript alone, led by what is still open (the newest unanswered ask first): the person taking
 * over must answer that, not what the assistant already answered. Then the assistant's answers with their cited
 * sections, and a suggested reply built from the knowledge section that answers an open ask, never one that answers
 * an earlier, settled question.
 */
export function extractiveSummary(
  transcript: readonly Message[],
  options: { knowledge?: KnowledgeDocument[] | KnowledgeIndex; reasons?: readonly string[] } = {},
): HandoffSummary {
  const visitorMessages = transcript.filter((message) => message.role === 'visitor');
  const firstRequest = mainRequest(visitorMessages);
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
  // The newest open ask is what the customer is waiting for now.
  const newestOpen = open.at(-1);
  const request = newestOpen !== undefined ? truncate(withoutEndPunctuation(newestOpen), 300) : firstRequest;

  const knowledge = options.knowledge;
  const knowledgeIndex =
    knowledge === undefined || knowledge instanceof KnowledgeIndex
      ? knowledge
      : new KnowledgeIndex(sectionsFromDocuments(knowledge));
  // The reply answers what is open, each ask searched on its own, the newest first (one joined query lets a side
  // remark drown the main complaint). A section the assistant already gave is never suggested again: the customer
  // has read it. Only with nothing open does the first request stand in.
  const given = (section: KnowledgeSection) =>
    citations.some((citation) => citation.id === section.id) ||
    transcript.some((message) => message.role === 'assistant' && message.text.includes(firstSentence(section.body)));
  // An ask is searched whole and sentence by sentence: "Third time asking!! The lamp arrived damaged" is about the
  // lamp, and the outburst around it should not hide that.
  const answerFor = (ask: string) =>
    [ask, ...sentencesOf(ask)]
      .flatMap((query) => knowledgeIndex?.search(query, 3) ?? [])
      .filter((hit) => hit.confidence >= GROUNDING_CONFIDENCE && !given(hit.section))
      .sort((left, right) => right.confidence - left.confidence)[0];
  const asks = open.length > 0 ? [...open].reverse() : firstRequest !== '' ? [firstRequest] : [];
  let grounding: KnowledgeSection | undefined;
  for (const ask of asks) {
    grounding = answerFor(ask)?.section;
    if (grounding) break;
  }

  const summaryParts: string[] = [];
  if (newestOpen !== undefined) {
    summaryParts.push(`The customer is waiting for an answer to: ${withoutEndPunctuation(newestOpen)}.`);
    if (open.length > 1) summaryParts.push(`Also unanswered: ${open.slice(0, -1).join(' ')}`);
  } else {
    summaryParts.push(`The customer wants: ${firstRequest || '(no message yet)'}.`);
  }
  if (answered.length > 0) {
    const earlier = newestOpen !== undefined && firstRequest !== '' ? ` Earlier they asked: ${firstRequest}.` : '';
    summaryParts.push(
      `${earlier} The assistant answered ${answered.length === 1 ? 'once' : `${answered.length} times`}${describeSources(citations)}.`.trim(),
    );
  } else summaryParts.push('The assistant could not answer from the knowledge base.');
  if (options.reasons && options.reasons.length > 0)
    summaryParts.push(`Handed over because: ${options.reasons.join(', ')}.`);

  // Quoted back to the customer only when it is a question; a complaint is "this".
  const openQuestion = [...open].reverse().find((ask) => ask.endsWith('?'));
  const greeting = "Hi, I'm from the support team and I've read your conversation, so no need to repeat anything.";
  const suggestedReply = grounding
    ? `${greeting} ${firstSentences(grounding.body, 2)} Is there anything else I can check for you?`
    : `${greeting} I'm looking into ${openQuestion !== undefined ? `"${truncate(openQuestion, 120)}"` : 'this'} now and will get back to you here shortly.`;

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

/**
 * Below this retrieval confidence a section is too loosely related to suggest. Lower than the assistant's own answer
 * line (0.5): a person reads the suggestion before sending it, where the assistant's answer goes out unread.
 */
const GROUNDING_CONFIDENCE = 0.35;

const GREETING =
  /^(hi|hello|hey|hallo|hej|hola|bonjour|olá|ola|salut|مرحبا|good (morning|afternoon|evening))\b[\s!,.]*$/i;

/** The first visitor message that says more than hello: what the conversation is about. */
function mainRequest(visitorMessages: readonly Message[]): string {
  const substantive = visitorMessages.map((message) => message.text.trim()).filter((text) => !GREETING.test(text));
  const first = substantive[0] ?? '';
  return truncate(withoutEndPunctuation(first.replace(/\s+/g, ' ')), 300);
}

function withoutEndPunctuation(text: string): string {
  return text.replace(/[.!?\s]+$/, '');
}

/**
 * What a visitor message asks for: its questions, or, when it has none, the whole message. A complaint such as
 * "third time I write, I want a refund NOW" has no question mark and is exactly what the person must read first.
 */
function asksIn(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '' || GREETING.test(flat)) return [];
  const questions = sentencesOf(flat).filter((sentence) => sentence.endsWith('?'));
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
  return truncate(sentencesOf(plain).slice(0, count).join(' '), 400);
}

// Intl.Segmenter knows that "9.95 EUR" and "e.g. a tent" go on, and runs in every runtime the relay supports.
const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' });

/** The sentences of a text, trimmed: split where a sentence ends, never inside "9.95" or "14:00". */
function sentencesOf(text: string): string[] {
  return [...SENTENCES.segment(text)].map((part) => part.segment.trim()).filter((sentence) => sentence !== '');
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}
