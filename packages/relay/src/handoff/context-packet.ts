import { type HandoffContext, handoffContextSchema } from '@tandem/handoff';
import type { Message } from '@tandem/protocol';
import type { Logger } from '../observability/logger.ts';
import type { HandoffRequestInput } from '../policy/handoff-request.ts';
import { verifiedTier } from '../security/identity.ts';
import type { ConversationRecord, ConversationStore } from '../store/store.ts';

const MAX_SUMMARY_LENGTH = 4000;

/** What the agent reads first: a few sentences, and a reply the assistant would send (never sent by itself). */
export interface ContextSummary {
  summary: string;
  suggestedReply?: string | undefined;
}

export type HandoffSummarizer = (input: {
  conversation: ConversationRecord;
  transcript: Message[];
  reasons: string[];
}) => Promise<ContextSummary>;

/** -1 (upset) .. 1 (happy) for one visitor message; `locale` hints at its language. */
export type SentimentScorer = (text: string, locale?: string) => number;

export interface ContextPacketInput {
  store: ConversationStore;
  conversation: ConversationRecord;
  request: HandoffRequestInput;
  summarize?: HandoffSummarizer | undefined;
  scoreSentiment?: SentimentScorer | undefined;
  /** The link back to the conversation, for the agent. */
  conversationUrl?: string | undefined;
  logger: Logger;
}

/**
 * Builds the context packet from the stored conversation: the whole transcript as the visitor saw it, the verified
 * identity, the sentiment of each visitor message, why it escalated, and the summary with a suggested reply. A
 * failing summarizer never stops a handoff: the agent then reads the customer's own words as the summary.
 */
export async function buildContextPacket(input: ContextPacketInput): Promise<HandoffContext> {
  const { conversation, request } = input;
  const transcript = (await input.store.readEvents(conversation.id, 0)).flatMap((event) =>
    event.type === 'message' ? [event.message] : [],
  );
  const summary = await summarizeSafely(input, transcript);
  const sentimentTrajectory = input.scoreSentiment
    ? transcript
        .filter((message) => message.role === 'visitor')
        .map((message) => clamp(input.scoreSentiment?.(message.text, conversation.locale) ?? 0))
    : [];
  const tier = verifiedTier(conversation)?.slice(0, 100);
  return handoffContextSchema.parse({
    conversationId: conversation.id,
    summary: truncate(withNote(summary.summary, request.note), MAX_SUMMARY_LENGTH),
    transcript,
    ...(conversation.identity ? { identity: withoutHash(conversation.identity) } : {}),
    identityVerified: conversation.identityVerified,
    ...(tier ? { tier } : {}),
    ...(conversation.pageUrl ? { pageUrl: conversation.pageUrl } : {}),
    ...(conversation.locale ? { locale: conversation.locale } : {}),
    sentimentTrajectory,
    reasons: reasonsWithTopics(request),
    priority: request.priority,
    ...(summary.suggestedReply ? { suggestedReply: truncate(summary.suggestedReply, MAX_SUMMARY_LENGTH) } : {}),
    ...(input.conversationUrl ? { conversationUrl: input.conversationUrl } : {}),
  } satisfies HandoffContext);
}

// --- internal ---

async function summarizeSafely(input: ContextPacketInput, transcript: Message[]): Promise<ContextSummary> {
  if (input.summarize) {
    try {
      return await input.summarize({
        conversation: input.conversation,
        transcript,
        reasons: input.request.reasons,
      });
    } catch (error) {
      input.logger.warn('handoff summary failed; using the visitor messages', {
        conversationId: input.conversation.id,
        error,
      });
    }
  }
  const visitorWords = transcript.filter((message) => message.role === 'visitor').map((message) => message.text);
  return { summary: visitorWords.slice(-3).join('\n') || 'The customer asked for a person.' };
}

/** The visitor's own words when asking for a person belong in front of the agent, whatever the summary says. */
function withNote(summary: string, note: string | undefined): string {
  return note ? `${summary}\nNote from the customer: ${note}` : summary;
}

/** Topics travel as "topic:<id>" reasons, so agents see them and routing rules can match them. */
function reasonsWithTopics(request: HandoffRequestInput): string[] {
  const topics = (request.topics ?? []).map((topic) => `topic:${topic}`);
  return [...new Set([...request.reasons, ...topics])];
}

function withoutHash(identity: NonNullable<ConversationRecord['identity']>) {
  const { userHash: _userHash, ...rest } = identity;
  return rest;
}

function clamp(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.max(-1, Math.min(1, value));
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
