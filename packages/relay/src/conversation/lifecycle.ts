import type { CreateConversationRequest, CreateConversationResponse, RefreshTokenResponse } from '@tandem/protocol';
import type { Logger } from '../observability/logger.ts';
import type { RelayMetrics } from '../observability/relay-metrics.ts';
import { checkIdentity } from '../security/identity.ts';
import type { ConversationRecord, ConversationStore } from '../store/store.ts';
import type { HandoffPort } from './handoff-port.ts';
import { applyModeChange } from './state-machine.ts';

export interface ConversationLifecycleDependencies {
  store: ConversationStore;
  metrics: RelayMetrics;
  logger: Logger;
  /** Verifies `identity.userHash`; without it no identity is verified. */
  identitySecret: () => string | undefined;
  issueToken: (conversation: ConversationRecord) => Promise<RefreshTokenResponse>;
  /** Tells the handoff runner, in the background, once a close is stored. */
  notify: (call: (port: HandoffPort) => Promise<unknown>, conversationId: string) => void;
}

/** Starting, closing and reopening conversations, the moves that change the count of open ones. */
export class ConversationLifecycle {
  constructor(private readonly dependencies: ConversationLifecycleDependencies) {}

  async create(request: CreateConversationRequest, siteId: string): Promise<CreateConversationResponse> {
    const { store, metrics, logger } = this.dependencies;
    const identity = await checkIdentity(request.identity, this.dependencies.identitySecret());
    if (request.identity?.userHash !== undefined && !identity.identityVerified) {
      logger.warn('identity not verified', { siteId, reason: 'userHash does not match identitySecret' });
    }
    const record: ConversationRecord = {
      id: crypto.randomUUID(),
      siteId,
      createdAt: new Date().toISOString(),
      mode: 'assistant',
      ...(request.locale ? { locale: request.locale } : {}),
      ...(request.pageUrl ? { pageUrl: request.pageUrl } : {}),
      ...identity,
    };
    await store.createConversation(record);
    metrics.openConversations.add(1);
    return { conversationId: record.id, ...(await this.dependencies.issueToken(record)) };
  }

  async close(conversationId: string, by: 'visitor' | 'agent' | 'system'): Promise<void> {
    const { store, metrics } = this.dependencies;
    // Unknown conversations are refused; closed ones stay as they are.
    const updated = await applyModeChange(store, conversationId, 'close', { by });
    if (!updated) return;
    metrics.openConversations.add(-1);
    this.dependencies.notify((port) => port.closed(updated), conversationId);
  }

  async reopen(conversationId: string): Promise<void> {
    const { store, metrics } = this.dependencies;
    const updated = await applyModeChange(store, conversationId, 'reopen', {});
    if (updated) metrics.openConversations.add(1);
  }
}
