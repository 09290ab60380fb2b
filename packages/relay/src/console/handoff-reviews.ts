import type { AuditLog, HandoffReviewEntry, HandoffVerdict } from '../audit/audit-log.ts';
import { RelayError } from '../errors.ts';
import type { Counter } from '../observability/metrics.ts';
import type { ConversationStore } from '../store/store.ts';

export interface HandoffReviewInput {
  conversationId: string;
  verdict: HandoffVerdict;
  /** 'console', or the adapter whose webhook brought the mark ('slack', 'zendesk'). */
  source: string;
  reviewer?: string | undefined;
}

/**
 * Records an agent's mark on a conversation's handoff in the audit log, with the handoff's reasons, so precision by
 * reason and the replay command read labels from the log alone. A conversation without a handoff cannot be marked.
 */
export async function recordHandoffReview(
  dependencies: { store: ConversationStore; audit: AuditLog; reviews?: Counter | undefined },
  input: HandoffReviewInput,
): Promise<HandoffReviewEntry> {
  const record = await dependencies.store.getConversation(input.conversationId);
  if (!record) throw new RelayError('not_found', 'No such conversation.');
  if (!record.handoff || record.handoff.source === 'agent') {
    throw new RelayError('conflict', 'This conversation was not handed off, so there is no handoff to judge.');
  }
  const entry: HandoffReviewEntry = {
    type: 'handoff-review',
    at: new Date().toISOString(),
    conversationId: record.id,
    verdict: input.verdict,
    reasons: record.handoff.reasons,
    handoffSource: record.handoff.source,
    source: input.source,
    ...(input.reviewer ? { reviewer: input.reviewer } : {}),
  };
  await dependencies.audit.record(entry);
  for (const reason of entry.reasons.length > 0 ? entry.reasons : ['none']) {
    dependencies.reviews?.increment({ reason, verdict: entry.verdict });
  }
  return entry;
}
