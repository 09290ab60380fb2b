import Anthropic from '@anthropic-ai/sdk';
import { describeIssues } from '@tandem/protocol';
import { z } from 'zod';
import { redact } from '../privacy/redact.ts';
import { streamAnswer } from './anthropic-answer.ts';
import { createClaudeSummarizer } from './anthropic-summary.ts';
import { assessmentTool } from './assessment-tool.ts';
import type { Assistant, AssistantRequest } from './assistant.ts';
import { knowledgeDocumentSchema, sectionsFromDocuments } from './knowledge/knowledge-base.ts';
import { KnowledgeIndex } from './knowledge/retrieval.ts';
import { promptSize, selectSections } from './knowledge/select.ts';
import { retryOptionsSchema, withRetries } from './retry.ts';
import { buildSystemPrompt, merchantConfigurationSchema, SYSTEM_PROMPT_VERSION } from './system-prompt.ts';

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
      /** For the handoff summary, a separate non-streaming call; the extractive summary stands in after it. Default 10 s. */
      summaryMs: z.number().int().min(1).max(120_000).default(10_000),
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
    respond: (request) =>
      streamAnswer(
        {
          client,
          model: settings.model,
          maxTokens: settings.maxTokens,
          temperature: settings.temperature,
          maxTranscriptMessages: settings.maxTranscriptMessages,
          timeouts: settings.timeouts,
          showSources: settings.showSources,
          instructions: prompt.instructions,
          knowledgeFor,
          tool,
          sectionsById,
          transform: redactText,
        },
        request,
      ),
    summarize: createClaudeSummarizer({
      client,
      model: settings.model,
      knowledge: prompt.knowledge,
      timeoutMs: settings.timeouts.summaryMs,
      transform: redactText,
    }),
  };

  return settings.retry === false ? assistant : withRetries(assistant, settings.retry);
}
