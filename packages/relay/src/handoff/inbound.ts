import { HandoffError, type InboundAttachment, type InboundEvent } from '@tandem/handoff';
import { type Attachment, type Author, httpsUrlSchema } from '@tandem/protocol';
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
      case 'agent-reply': {
        const externalId = `${adapterName}:${event.dedupeKey}`;
        const files = await storeAgentFiles(conversations, conversationId, event.attachments, externalId, logger);
        await conversations.appendAgentMessage(conversationId, {
          author: safeAuthor(event.agent),
          text: files.refused.length > 0 ? withRefusedNote(event.text, files.refused) : event.text,
          externalId,
          attachments: files.attachments,
        });
        break;
      }
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

/**
 * Downloads and stores the files of an agent's reply (each once, however often the helpdesk retries). Files a
 * visitor could not have sent are left out; the reply then says so, so nobody is left waiting for a file that
 * never comes.
 */
async function storeAgentFiles(
  conversations: ConversationService,
  conversationId: string,
  inbound: readonly InboundAttachment[] | undefined,
  externalId: string,
  logger: Logger,
): Promise<{ attachments: Attachment[]; refused: { name: string; reason: string }[] }> {
  if (!inbound || inbound.length === 0) return { attachments: [], refused: [] };
  if (!conversations.attachments) {
    logger.warn('agent attachments dropped: the relay keeps no files', { conversationId, count: inbound.length });
    return { attachments: [], refused: inbound.map((file) => ({ name: file.name, reason: 'not kept' })) };
  }
  return conversations.attachments.storeInbound(conversationId, inbound, externalId);
}

function withRefusedNote(text: string, refused: readonly { name: string }[]): string {
  const names = refused.map((file) => `“${file.name}”`).join(', ');
  const note = `(${names} could not be delivered: only pictures and PDFs up to the size limit are sent.)`;
  return text.trim().length > 0 ? `${text}\n\n${note}` : note;
}

/** Any adapter, ours or a third party's, may name an avatar; the widget is only ever given an https:// one. */
function safeAuthor(agent: Author): Author {
  if (agent.avatarUrl === undefined || httpsUrlSchema.safeParse(agent.avatarUrl).success) return agent;
  return { name: agent.name };
}
