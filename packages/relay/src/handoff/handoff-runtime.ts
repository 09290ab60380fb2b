import { Hono } from 'hono';
import type { Assistant } from '../assistant/assistant.ts';
import { createHandoffSummarizer } from '../assistant/summary.ts';
import type { ConversationService } from '../conversation/conversation-service.ts';
import { scoreFrustration } from '../policy/signals/frustration.ts';
import { agentInboxRoutes } from '../routes/agent-inbox.ts';
import type { RelayEnvironment } from '../routes/environment.ts';
import { webhookRoutes } from '../routes/webhooks.ts';
import type { HandoffSummarizer, SentimentScorer } from './context-packet.ts';
import { type InboxHandoff, isInboxHandoff } from './inbox/inbox-adapter.ts';
import type { ResolvedHandoffOptions } from './options.ts';
import type { Sleep } from './retry.ts';
import { HandoffRunner } from './runner.ts';

export interface HandoffRuntimeOptions {
  conversations: ConversationService;
  /** Writes the default summary when `options.summarize` is not set. */
  assistant?: Assistant | undefined;
  options: ResolvedHandoffOptions;
  summarize?: HandoffSummarizer | undefined;
  scoreSentiment?: SentimentScorer | undefined;
  sleep?: Sleep;
}

export interface HandoffRuntime {
  runner: HandoffRunner;
  /** Webhooks at /v1/webhooks/:adapter; the agent page at /agent and its API at /v1/agent when an inbox is configured. */
  routes: Hono<RelayEnvironment>;
  /** The local inbox among the adapters, answered on the console. */
  inbox: InboxHandoff | undefined;
}

/**
 * The runner for a conversation service, and the routes that bring helpdesk replies back. Called by the service's
 * constructor through its `handoff` option, which makes the runner the service's HandoffPort.
 */
export function createHandoffRuntime(input: HandoffRuntimeOptions): HandoffRuntime {
  for (const adapter of input.options.adapters) {
    if (isInboxHandoff(adapter)) adapter.useStore(input.conversations.store);
  }
  const runner = new HandoffRunner({
    conversations: input.conversations,
    options: input.options,
    summarize:
      input.summarize ??
      input.options.summarize ??
      createHandoffSummarizer({ ...(input.assistant ? { assistant: input.assistant } : {}) }),
    scoreSentiment: input.scoreSentiment ?? ((text, locale) => scoreFrustration(text, locale ? { locale } : {}).score),
    ...(input.sleep ? { sleep: input.sleep } : {}),
  }).start();
  const routes = new Hono<RelayEnvironment>();
  routes.route('/v1/webhooks', webhookRoutes(runner));
  const inbox = input.options.adapters.find(isInboxHandoff);
  if (inbox) {
    const { page, api } = agentInboxRoutes(runner, inbox, {
      token: input.options.inboxToken,
      development: input.options.development,
    });
    routes.route('/agent', page);
    routes.route('/v1/agent', api);
  }
  return { runner, routes, inbox };
}
