import type {
  ConversationMode,
  CreateConversationRequest,
  CreateConversationResponse,
  RefreshTokenResponse,
} from '@tandem/protocol';
import type { Logger } from '../observability/logger.ts';
import type { RelayMetrics } from '../observability/relay-metrics.ts';
import { checkIdentity } from '../security/identity.ts';
import type { ConversationRecord, ConversationStore } from '../store/store.ts';
import { appendEvents, requireConversation } from './conversation-records.ts';

const OPEN_MODES: readonly ConversationMode[] = ['assistant', 'waiting', 'human'];

export interface ConversationLifecycleDependencies {
  store: ConversationStore;
  metrics: RelayMetrics;
  logger: Logger;
  /** Verifies `identity.userHash`; without it no identity is verified. */
  identitySecret: () => string | undefined;
  issueToken: (conversation: ConversationRecord) => Promise<RefreshTokenResponse>;
  /** Runs the `onClosed` hooks in the background. */
  runClosedHooks: (conversation: ConversationRecord) => void;
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
    const updated = await store.updateConversation(
      conversationId,
      { mode: 'closed', closedAt: new Date().toISOString(), closedBy: by },
      { ifModeIn: OPEN_MODES },
    );
    if (!updated) {
      // Unknown conversations are refused; closed ones stay as they are.
      await requireConversation(store, conversationId);
      return;
    }
    await appendEvents(store, conversationId, [{ type: 'mode', mode: 'closed' }]);
    metrics.openConversations.add(-1);
    this.dependencies.runClosedHooks(updated);
  }

  async reopen(conversationId: string): Promise<void> {
    const { store, metrics } = this.dependencies;
    const updated = await store.updateConversation(conversationId, { mode: 'assistant' }, { ifModeIn: ['closed'] });
    if (!updated) return;
    await appendEvents(store, conversationId, [{ type: 'mode', mode: 'assistant' }]);
    metrics.openConversations.add(1);
  }
}
