import { HandoffError, type InboundEvent } from '@tandem/handoff';
import { type Author, httpsUrlSchema } from '@tandem/protocol';
import type { AuditLog } from '../audit/audit-log.ts';
import { recordHandoffReview } from '../console/handoff-reviews.ts';
import type { ConversationService } from '../conversation/conversation-service.ts';
import { RelayError } from '../errors.ts';
import type { Logger } from '../observability/logger.ts';
import type { HandoffRunner } from './runner.ts';

export type InboundOutcome = 'applied' | 'duplicate' | 'unknown_ticket' | 'ignored';

/**
 * Verifies one webhook request through its adapter and applies its events to their conversations. Verification
 * failures become 401 and unreadable bodies 400, before anything is stored. Each event is applied once per dedupe
 * key, so a helpdesk's retry or a replayed request changes nothing.
 */
export async function receiveWebhook(
  runner: HandoffRunner,
  conversations: ConversationService,
  adapterName: string,
  request: Request,
  audit?: AuditLog,
): Promise<Response> {
  const adapter = runner.adapter(adapterName);
  if (!adapter?.inbound) throw new RelayError('not_found', `No handoff adapter "${adapterName}" receives webhooks.`);
  let result: Awaited<ReturnType<NonNullable<typeof adapter.inbound>>>;
  try {
    result = await adapter.inbound(request);
  } catch (error) {
    if (HandoffError.isInstance(error) && error.code === 'unauthorized') {
      runner.metrics.webhooks.increment({ adapter: adapterName, outcome: 'refused' });
      throw new RelayError('unauthorized', 'The webhook is not signed, the signature is wrong or it is too old.', {
        cause: error,
      });
    }
    if (HandoffError.isInstance(error) && error.code === 'bad_request') {
      throw new RelayError('bad_request', error.message.replace(/^\[tandem\] \[handoff\] /, ''), { cause: error });
    }
    throw error;
  }
  const logger = conversations.logger.child({ component: 'handoff', adapter: adapterName });
  for (const event of result.events) {
    const outcome = await applyInboundEvent(runner, conversations, adapterName, event, logger, audit);
    runner.metrics.webhooks.increment({ adapter: adapterName, outcome });
  }
  return result.response ?? Response.json({ ok: true });
}

/**
 * Applies one verified event to the conversation its ticket belongs to, once per dedupe key. A mark on the
 * handoff (needed / not needed) goes to the audit log; without one it is ignored.
 */
export async function applyInboundEvent(
  runner: HandoffRunner,
  conversations: ConversationService,
  adapterName: string,
  event: InboundEvent,
  logger: Logger,
  audit?: AuditLog,
): Promise<InboundOutcome> {
  if (event.type === 'handoff-review' && audit === undefined) return 'ignored';
  const conversationId = await runner.records.conversationOf(adapterName, event.ticketId);
  if (!conversationId) {
    logger.warn('webhook for a ticket the relay does not know', { ticketId: event.ticketId, type: event.type });
    return 'unknown_ticket';
  }
  if (!(await runner.records.claimInbound(adapterName, event.dedupeKey))) return 'duplicate';
  try {
    switch (event.type) {
      case 'agent-joined':
        await conversations.agentJoined(conversationId, safeAuthor(event.agent));
        break;
      case 'agent-reply':
        await conversations.appendAgentMessage(conversationId, {
          author: safeAuthor(event.agent),
          text: event.text,
          externalId: `${adapterName}:${event.dedupeKey}`,
        });
        break;
      case 'closed': {
        const record = await runner.records.ticketOf(conversationId);
        if (record && record.ticket.adapter === adapterName && record.ticket.id === event.ticketId) {
          await runner.records.saveTicket(conversationId, { ...record, closed: true });
        }
        await conversations.closeConversation(conversationId, 'agent');
        break;
      }
      case 'handoff-review':
        await recordHandoffReview(
          { store: conversations.store, audit: audit as AuditLog, reviews: conversations.metrics.handoffReviews },
          { conversationId, verdict: event.verdict, source: adapterName, reviewer: event.agent?.name },
        );
        break;
    }
    return 'applied';
  } catch (error) {
    // An event that no longer fits (a person joining a closed conversation) stays claimed: a retry cannot help.
    if (RelayError.isInstance(error) && (error.code === 'conflict' || error.code === 'bad_request')) {
      logger.info('webhook event ignored', { conversationId, type: event.type, reason: error.publicMessage });
      return 'ignored';
    }
    // Our failure, not the event's: forget it so the helpdesk's retry applies it.
    await runner.records.releaseInbound(adapterName, event.dedupeKey);
    throw error;
  }
}

/** Any adapter, ours or a third party's, may name an avatar; the widget is only ever given an https:// one. */
function safeAuthor(agent: Author): Author {
  if (agent.avatarUrl === undefined || httpsUrlSchema.safeParse(agent.avatarUrl).success) return agent;
  return { name: agent.name };
}
