import type Anthropic from '@anthropic-ai/sdk';
import type { Citation } from '@tandem/protocol';
import { describeIssues } from '@tandem/protocol';
import type { z } from 'zod';
import { assistantErrorFromSdk } from './anthropic-errors.ts';
import { toAnthropicMessages } from './anthropic-messages.ts';
import { assessmentFieldsSchema, assessmentToolInputSchema } from './assessment-tool.ts';
import type { AssistantAssessment, AssistantPart, AssistantRequest } from './assistant.ts';
import { AssistantError } from './errors.ts';
import type { KnowledgeSection } from './knowledge/knowledge-base.ts';
import { ASSESSMENT_TOOL_NAME } from './system-prompt.ts';
import { ToolInputReader } from './tool-input-reader.ts';

/** What one streamed answer needs from the Claude assistant's settings. */
export interface StreamAnswerContext {
  client: Anthropic;
  model: string;
  maxTokens: number;
  temperature: number | undefined;
  maxTranscriptMessages: number;
  timeouts: { firstEventMs: number; idleMs: number };
  showSources: boolean;
  instructions: string;
  /** The knowledge block for this request: all of it, or the sections relevant to it. */
  knowledgeFor: (request: AssistantRequest) => string;
  tool: Anthropic.Messages.Tool;
  sectionsById: ReadonlyMap<string, KnowledgeSection>;
  /** Applied to every message before it is sent (redaction). */
  transform: (text: string) => string;
}

/**
 * One attempt at an answer: streams the forced tool call, yields the assessment as soon as its fields are complete,
 * then the answer text as it arrives, then `finish`. Throws an `AssistantError` for anything short of a whole answer.
 */
export async function* streamAnswer(
  context: StreamAnswerContext,
  request: AssistantRequest,
): AsyncGenerator<AssistantPart> {
  const messages = toAnthropicMessages(request.messages, {
    maxMessages: context.maxTranscriptMessages,
    transform: context.transform,
  });
  if (messages.length === 0) throw new AssistantError('rejected', 'There is no visitor message to answer.');

  const controller = new AbortController();
  const watchdog = createWatchdog(controller, context.timeouts);
  const onAbort = () => controller.abort();
  request.signal.addEventListener('abort', onAbort, { once: true });
  const reader = new ToolInputReader('answer');
  let assessment: AssistantAssessment | undefined;
  let held = '';
  let textYielded = false;
  let toolIndex = -1;
  let stopReason: string | null = null;
  let stopped = false;
  let streamStarted = false;

  try {
    const stream = context.client.messages.stream(
      {
        model: context.model,
        max_tokens: context.maxTokens,
        ...(context.temperature !== undefined ? { temperature: context.temperature } : {}),
        system: [
          // The knowledge first, marked for caching: it is the long part that stays the same between turns.
          { type: 'text', text: context.knowledgeFor(request), cache_control: { type: 'ephemeral' } },
          { type: 'text', text: withLocale(context.instructions, request.locale) },
        ],
        tools: [context.tool],
        tool_choice: { type: 'tool', name: ASSESSMENT_TOOL_NAME, disable_parallel_tool_use: true },
        messages,
      },
      { signal: controller.signal },
    );
    for await (const event of stream) {
      watchdog.progress();
      streamStarted = true;
      if (event.type === 'content_block_start') {
        if (event.content_block.type === 'tool_use' && event.content_block.name === ASSESSMENT_TOOL_NAME) {
          toolIndex = event.index;
        }
      } else if (event.type === 'content_block_delta') {
        if (event.index !== toolIndex || event.delta.type !== 'input_json_delta') continue;
        const text = reader.push(event.delta.partial_json);
        if (!assessment) {
          const fields = assessmentFieldsSchema.safeParse(reader.fieldsBeforeAnswer());
          held += text;
          // The model wrote the answer before a valid assessment: hold the text until the block is complete.
          if (!fields.success) continue;
          assessment = assess(fields.data, context.sectionsById);
          yield { type: 'assessment', assessment };
        } else {
          held += text;
        }
        if (held.length > 0) {
          textYielded = true;
          yield { type: 'text-delta', text: held };
          held = '';
        }
      } else if (event.type === 'message_delta') {
        stopReason = event.delta.stop_reason;
      } else if (event.type === 'message_stop') {
        stopped = true;
      }
    }
  } catch (error) {
    throw watchdog.timedOut
      ? new AssistantError('timeout', 'The model stopped sending within the time limit.', {
          cause: error,
          partial: textYielded,
        })
      : assistantErrorFromSdk(error, { partial: textYielded, streamStarted });
  } finally {
    watchdog.stop();
    request.signal.removeEventListener('abort', onAbort);
    controller.abort();
  }

  if (request.signal.aborted) throw new AssistantError('aborted', 'The request was aborted.', { partial: textYielded });
  if (watchdog.timedOut) {
    throw new AssistantError('timeout', 'The model stopped sending within the time limit.', { partial: textYielded });
  }
  if (!stopped) {
    throw new AssistantError('cut_off', 'The stream ended before the answer was complete.', { partial: textYielded });
  }
  if (stopReason === 'refusal') {
    throw new AssistantError('rejected', 'The model declined to answer this conversation.', { partial: textYielded });
  }
  if (stopReason === 'max_tokens' || stopReason === 'model_context_window_exceeded') {
    throw new AssistantError('cut_off', `The answer was cut short (${stopReason}).`, {
      partial: textYielded,
      retryable: false,
    });
  }
  if (toolIndex < 0) throw new AssistantError('invalid_output', 'The model answered without the assessment tool.');
  if (!assessment) {
    const input = assessmentToolInputSchema.safeParse(safeJson(reader.json));
    if (!input.success) {
      throw new AssistantError(
        'invalid_output',
        `The model's assessment was malformed: ${describeIssues(input.error)}`,
      );
    }
    assessment = assess(input.data, context.sectionsById);
    yield { type: 'assessment', assessment };
    held = input.data.answer;
  } else if (!reader.answerComplete) {
    throw new AssistantError('invalid_output', "The model's answer was not a complete string.", {
      partial: textYielded,
    });
  }
  if (held.length > 0) yield { type: 'text-delta', text: held };
  yield {
    type: 'finish',
    ...(context.showSources && assessment.citations.length > 0 ? { citations: assessment.citations } : {}),
  };
}

// --- internal ---

/**
 * Keeps only citations of sections that exist; each invented id costs confidence in proportion, and an answer left
 * with no real citation has none.
 */
function assess(
  fields: z.infer<typeof assessmentFieldsSchema>,
  sectionsById: ReadonlyMap<string, KnowledgeSection>,
): AssistantAssessment {
  const cited = [...new Set(fields.citations)];
  const citations: Citation[] = [];
  const unknown: string[] = [];
  for (const id of cited) {
    const section = sectionsById.get(id);
    if (section) citations.push({ id: section.id, title: section.title });
    else unknown.push(id);
  }
  // An answer that rests on no section of the knowledge is never confident, whatever the model says: the policy
  // hands it to a person. Only small talk ("thanks!") needs no source, and the policy never calls that unsure.
  const confidence =
    citations.length === 0
      ? fields.intent === 'smalltalk'
        ? fields.confidence
        : 0
      : (fields.confidence * citations.length) / cited.length;
  return {
    confidence,
    sentiment: fields.sentiment,
    intent: fields.intent,
    topics: fields.topics,
    citations,
    ...(unknown.length > 0 ? { unknownCitations: unknown } : {}),
  };
}

function withLocale(instructions: string, locale: string | undefined): string {
  return locale
    ? `${instructions}\n\nThe visitor's browser language is "${locale}"; prefer it unless they write in another.`
    : instructions;
}

interface Watchdog {
  readonly timedOut: boolean;
  progress(): void;
  stop(): void;
}

/** Aborts the request when the first event, or the next one, takes longer than allowed. */
function createWatchdog(controller: AbortController, timeouts: { firstEventMs: number; idleMs: number }): Watchdog {
  let timedOut = false;
  const fire = () => {
    timedOut = true;
    controller.abort();
  };
  let timer = setTimeout(fire, timeouts.firstEventMs);
  return {
    get timedOut() {
      return timedOut;
    },
    progress() {
      clearTimeout(timer);
      timer = setTimeout(fire, timeouts.idleMs);
    },
    stop() {
      clearTimeout(timer);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
