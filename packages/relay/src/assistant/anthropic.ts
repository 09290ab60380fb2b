import Anthropic from '@anthropic-ai/sdk';
import type { Citation } from '@tandem/protocol';
import { describeIssues } from '@tandem/protocol';
import { z } from 'zod';
import { redact } from '../privacy/redact.ts';
import { assistantErrorFromSdk } from './anthropic-errors.ts';
import { toAnthropicMessages } from './anthropic-messages.ts';
import { createClaudeSummarizer } from './anthropic-summary.ts';
import { assessmentFieldsSchema, assessmentTool, assessmentToolInputSchema } from './assessment-tool.ts';
import type { Assistant, AssistantAssessment, AssistantPart, AssistantRequest } from './assistant.ts';
import { AssistantError } from './errors.ts';
import { type KnowledgeSection, knowledgeDocumentSchema, sectionsFromDocuments } from './knowledge/knowledge-base.ts';
import { KnowledgeIndex } from './knowledge/retrieval.ts';
import { promptSize, selectSections } from './knowledge/select.ts';
import { retryOptionsSchema, withRetries } from './retry.ts';
import {
  ASSESSMENT_TOOL_NAME,
  buildSystemPrompt,
  merchantConfigurationSchema,
  SYSTEM_PROMPT_VERSION,
} from './system-prompt.ts';
import { ToolInputReader } from './tool-input-reader.ts';

const ASSISTANT_NAME = 'anthropic';

/** The newest Sonnet in the SDK's model list when this was written; set `model` to choose another. */
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-5-5';

export const anthropicAssistantOptionsSchema = z.strictObject({
  apiKey: z.string().min(1, 'is required (an Anthropic API key)'),
  /** Another endpoint for the Messages API, such as a proxy or, in tests, a loopback server. */
  baseURL: z.url().optional(),
  /** A `fetch` to use instead of the global one. */
  fetch: z.custom<typeof fetch>((value) => typeof value === 'function', 'must be a fetch function').optional(),
  /** Extra HTTP headers on every request. */
  headers: z.record(z.string(), z.string()).optional(),
  model: z.string().min(1).default(DEFAULT_ANTHROPIC_MODEL),
  maxTokens: z.number().int().min(64).max(16_384).default(1024),
  /**
   * Sampling temperature. Unset by default, and leave it so: the Messages API version this SDK speaks (2026-10-21)
   * refuses sampling parameters. Only for endpoints on an older API version (set `headers['anthropic-version']`).
   */
  temperature: z.number().min(0).max(1).optional(),
  /** The merchant's knowledge base as markdown documents; each heading becomes a citable section. */
  knowledge: z.array(knowledgeDocumentSchema).default([]),
  merchant: merchantConfigurationSchema.prefault({}),
  /** Replace card numbers, IBANs, e-mails and phone numbers before text is sent to the model. Default on. */
  redact: z.boolean().default(true),
  /** Put the cited sections on the answer so the widget shows its sources. Default off. */
  showSources: z.boolean().default(false),
  /**
   * Largest knowledge, in characters, sent whole with every question (and cached). A larger knowledge base is cut
   * down per question to the sections retrieval finds most relevant that fit this budget. Default 150 000 (about
   * 40 000 tokens).
   */
  maxKnowledgeCharacters: z.number().int().min(1000).max(2_000_000).default(150_000),
  /** How many of the newest transcript messages to send. Default 30. */
  maxTranscriptMessages: z.number().int().min(1).max(200).default(30),
  timeouts: z
    .strictObject({
      /** Until the first streamed event arrives. Default 10 s. */
      firstEventMs: z.number().int().min(1).max(120_000).default(10_000),
      /** Longest silence between two streamed events. Default 15 s. */
      idleMs: z.number().int().min(1).max(120_000).default(15_000),
      /** For the handoff summary, a separate non-streaming call. Default 20 s. */
      summaryMs: z.number().int().min(1).max(120_000).default(20_000),
    })
    .prefault({}),
  /** Retries for overload, 5xx, timeouts and cut-off streams before any text is shown; `false` for none. */
  retry: z.union([z.literal(false), retryOptionsSchema]).prefault({}),
});

export type AnthropicAssistantOptions = z.input<typeof anthropicAssistantOptionsSchema>;

/**
 * Claude as the support assistant, through the official `@anthropic-ai/sdk`. The model answers by calling a tool
 * whose input holds its assessment (confidence, sentiment, intent, topics, cited knowledge ids) before the answer,
 * and the assessment is yielded as soon as the stream has it, before any answer text.
 *
 * @example
 * const assistant = createAnthropicAssistant({
 *   apiKey: process.env.ANTHROPIC_API_KEY,
 *   knowledge: await loadKnowledgeFolder('./knowledge'),
 *   merchant: { shopName: 'Nordlys', brandVoice: 'Warm and brief.', forbiddenTopics: ['legal advice'] },
 * });
 */
export function createAnthropicAssistant(options: AnthropicAssistantOptions): Assistant {
  const parsed = anthropicAssistantOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new Error(`[tandem] [assistant] invalid Anthropic options: ${describeIssues(parsed.error)}`);
  }
  const settings = parsed.data;
  const client = new Anthropic({
    apiKey: settings.apiKey,
    maxRetries: 0, // retries are ours: they must stop once text has reached the visitor
    timeout: settings.timeouts.firstEventMs,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.headers ? { defaultHeaders: settings.headers } : {}),
  });
  const sections = sectionsFromDocuments(settings.knowledge);
  const sectionsById = new Map(sections.map((section) => [section.id, section]));
  const prompt = buildSystemPrompt(settings.merchant, sections);
  const knowledgeFits =
    sections.reduce((sum, section) => sum + promptSize(section), 0) <= settings.maxKnowledgeCharacters;
  const index = knowledgeFits ? undefined : new KnowledgeIndex(sections);
  /** The whole knowledge when it fits; otherwise the sections relevant to the visitor's recent messages. */
  const knowledgeFor = (request: AssistantRequest): string => {
    if (!index) return prompt.knowledge;
    const recent = request.messages
      .filter((message) => message.role === 'visitor')
      .slice(-3)
      .map((message) => message.text)
      .join(' ');
    return buildSystemPrompt(
      settings.merchant,
      selectSections(index, sections, recent, settings.maxKnowledgeCharacters),
    ).knowledge;
  };
  const tool = assessmentTool();

  const redactText = settings.redact ? (text: string) => redact(text) : (text: string) => text;
  const assistant: Assistant = {
    specificationVersion: 'v1',
    name: ASSISTANT_NAME,
    model: settings.model,
    promptVersion: SYSTEM_PROMPT_VERSION,
    respond: (request) => attempt(request),
    summarize: createClaudeSummarizer({
      client,
      model: settings.model,
      knowledge: prompt.knowledge,
      timeoutMs: settings.timeouts.summaryMs,
      transform: redactText,
    }),
  };

  async function* attempt(request: AssistantRequest): AsyncGenerator<AssistantPart> {
    const messages = toAnthropicMessages(request.messages, {
      maxMessages: settings.maxTranscriptMessages,
      transform: redactText,
    });
    if (messages.length === 0) throw new AssistantError('rejected', 'There is no visitor message to answer.');

    const controller = new AbortController();
    const watchdog = createWatchdog(controller, settings.timeouts);
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
      const stream = client.messages.stream(
        {
          model: settings.model,
          max_tokens: settings.maxTokens,
          ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
          system: [
            // The knowledge first, marked for caching: it is the long part that stays the same between turns.
            { type: 'text', text: knowledgeFor(request), cache_control: { type: 'ephemeral' } },
            { type: 'text', text: withLocale(prompt.instructions, request.locale) },
          ],
          tools: [tool],
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
            assessment = assess(fields.data, sectionsById);
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

    if (request.signal.aborted)
      throw new AssistantError('aborted', 'The request was aborted.', { partial: textYielded });
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
      assessment = assess(input.data, sectionsById);
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
      ...(settings.showSources && assessment.citations.length > 0 ? { citations: assessment.citations } : {}),
    };
  }

  return settings.retry === false ? assistant : withRetries(assistant, settings.retry);
}

// --- internal ---

/** Keeps only citations of sections that exist; each invented id costs confidence in proportion. */
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
  const confidence = cited.length === 0 ? fields.confidence : (fields.confidence * citations.length) / cited.length;
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
