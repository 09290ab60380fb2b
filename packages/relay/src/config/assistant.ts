import { z } from 'zod';
import { createAnthropicAssistant } from '../assistant/anthropic.ts';
import type { Assistant } from '../assistant/assistant.ts';
import type { KnowledgeDocument } from '../assistant/knowledge/knowledge-base.ts';
import { createOfflineAssistant } from '../assistant/offline.ts';

/** Which assistant answers: Claude when an Anthropic key is set, else the offline one over the same knowledge. */
export const assistantVariablesSchema = z.object({
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  /** Another endpoint for the Messages API, such as a company proxy. */
  ANTHROPIC_BASE_URL: z.url('must be a URL such as https://api.anthropic.com').optional(),
  TANDEM_ANTHROPIC_MODEL: z.string().min(1).optional(),
  /** The shop's name as the assistant should say it. */
  TANDEM_SHOP_NAME: z.string().min(1).max(100).optional(),
  /** "true" to show each answer's knowledge sources under it in the widget. */
  TANDEM_SHOW_SOURCES: z
    .enum(['true', 'false', '1', '0'], 'must be true or false')
    .transform((value) => value === 'true' || value === '1')
    .optional(),
});

export type AssistantVariables = z.output<typeof assistantVariablesSchema>;

export function assistantFromVariables(variables: AssistantVariables, knowledge: KnowledgeDocument[]): Assistant {
  const showSources = variables.TANDEM_SHOW_SOURCES ?? false;
  if (variables.ANTHROPIC_API_KEY === undefined) return createOfflineAssistant({ knowledge, showSources });
  return createAnthropicAssistant({
    apiKey: variables.ANTHROPIC_API_KEY,
    knowledge,
    showSources,
    ...(variables.ANTHROPIC_BASE_URL !== undefined ? { baseURL: variables.ANTHROPIC_BASE_URL } : {}),
    ...(variables.TANDEM_ANTHROPIC_MODEL !== undefined ? { model: variables.TANDEM_ANTHROPIC_MODEL } : {}),
    ...(variables.TANDEM_SHOP_NAME !== undefined ? { merchant: { shopName: variables.TANDEM_SHOP_NAME } } : {}),
  });
}
