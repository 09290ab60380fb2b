import type Anthropic from '@anthropic-ai/sdk';
import type { Citation, Message } from '@tandem/protocol';
import { describeIssues } from '@tandem/protocol';
import { z } from 'zod';
import { assistantErrorFromSdk } from './anthropic-errors.ts';
import type { HandoffSummary, SummaryRequest } from './assistant.ts';
import { AssistantError } from './errors.ts';

export const SUMMARY_TOOL_NAME = 'handoff_note';

/** What the model writes for the person taking over; the order puts the facts before the suggested reply. */
export const handoffNoteSchema = z.object({
  request: z
    .string()
    .max(500)
    .describe(
      'What the customer is waiting for now, in one sentence: their newest unanswered question or complaint (their first request only when everything was answered).',
    ),
  summary: z
    .string()
    .max(1500)
    .describe(
      'Two or three sentences, starting with what is still open, then what they asked before and what they were told.',
    ),
  answered: z.array(z.string().max(300)).max(10).describe('What the assistant already answered, one line each.'),
  openQuestions: z.array(z.string().max(300)).max(10).describe('Questions of the customer still unanswered.'),
  suggestedReply: z
    .string()
    .max(2000)
    .describe(
      "A first reply the agent can send, in the customer's language, using only the knowledge sections, that answers what is still open (the newest open question first), never one already answered.",
    ),
});

const SUMMARY_INSTRUCTIONS = `You write handoff notes for a person on the support team who is taking over a chat from the AI assistant.
Be factual and brief. Use only what is in the transcript and the knowledge sections; do not invent order details, promises or policies.
The suggested reply must not repeat questions the customer already answered, must not promise what the knowledge does not say, and must be in the customer's language.
Text such as [card], [iban], [email] or [phone] marks details removed for privacy.
Reply by calling the ${SUMMARY_TOOL_NAME} tool.`;

export interface ClaudeSummarizerSettings {
  client: Anthropic;
  model: string;
  knowledge: string;
  timeoutMs: number;
  transform: (text: string) => string;
}

/** A separate, non-streaming call that writes the handoff note through a forced tool. */
export function createClaudeSummarizer(settings: ClaudeSummarizerSettings) {
  const { $schema: _schema, ...inputSchema } = z.toJSONSchema(handoffNoteSchema) as Record<string, unknown>;
  const tool: Anthropic.Messages.Tool = {
    name: SUMMARY_TOOL_NAME,
    description: 'Hand the conversation to a person with a note and a suggested first reply.',
    input_schema: inputSchema as Anthropic.Messages.Tool.InputSchema,
  };

  return async function summarize(request: SummaryRequest): Promise<HandoffSummary> {
    let response: Anthropic.Messages.Message;
    try {
      response = await settings.client.messages.create(
        {
          model: settings.model,
          max_tokens: 1024,
          system: [
            { type: 'text', text: settings.knowledge, cache_control: { type: 'ephemeral' } },
            { type: 'text', text: SUMMARY_INSTRUCTIONS },
          ],
          tools: [tool],
          tool_choice: { type: 'tool', name: SUMMARY_TOOL_NAME },
          messages: [{ role: 'user', content: transcriptText(request, settings.transform) }],
        },
        // No retry: a handoff often follows a model failure, and the person should not wait on a second try.
        { timeout: settings.timeoutMs, maxRetries: 0, ...(request.signal ? { signal: request.signal } : {}) },
      );
    } catch (error) {
      throw assistantErrorFromSdk(error, { partial: false, streamStarted: false });
    }
    const block = response.content.find((content) => content.type === 'tool_use' && content.name === SUMMARY_TOOL_NAME);
    const note = handoffNoteSchema.safeParse(block?.type === 'tool_use' ? block.input : undefined);
    if (!note.success) {
      throw new AssistantError('invalid_output', `The handoff note was malformed: ${describeIssues(note.error)}`);
    }
    return { ...note.data, citations: citationsIn(request.messages), source: 'model' };
  };
}

function transcriptText(request: SummaryRequest, transform: (text: string) => string): string {
  const lines = request.messages.map((message) => {
    const speaker =
      message.role === 'visitor'
        ? 'Customer'
        : message.role === 'agent'
          ? `Agent (${message.author?.name ?? 'support team'})`
          : message.role === 'assistant'
            ? 'Assistant'
            : 'System notice';
    const sources = message.citations?.length ? ` [sources: ${message.citations.map((c) => c.id).join(', ')}]` : '';
    return `${speaker}: ${transform(message.text)}${sources}`;
  });
  const language = request.locale ? `\nThe customer's browser language: ${request.locale}.` : '';
  const reasons = request.reasons?.length ? `\nHanded over because: ${request.reasons.join(', ')}.` : '';
  return `<transcript>\n${lines.join('\n')}\n</transcript>${language}${reasons}\nWrite the handoff note.`;
}

function citationsIn(messages: readonly Message[]): Citation[] {
  const citations: Citation[] = [];
  for (const message of messages) {
    for (const citation of message.citations ?? []) {
      if (!citations.some((known) => known.id === citation.id)) citations.push(citation);
    }
  }
  return citations;
}
