import { Hono } from 'hono';
import type { AttachmentService } from '../attachments/attachment-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ConversationService } from '../conversation/conversation-service.ts';
import { RelayError } from '../errors.ts';
import type { HandoffRunner } from '../handoff/runner.ts';
import { constantTimeEqual, utf8 } from '../security/encoding.ts';

export interface StaffConversationRoutesOptions {
  conversations: ConversationService;
  audit: AuditLog;
  /** The conversation's files go with it. */
  attachments?: AttachmentService | undefined;
  handoff: HandoffRunner | undefined;
  /** The staff token (`TANDEM_AUDIT_TOKEN`), sent as `Authorization: Bearer <token>`. */
  token: string;
}

/**
 * A visitor's data request, answered by staff:
 * - GET /v1/staff/conversations/:id — everything kept about one conversation (record, events, audit entries, ticket,
 *   its files with signed links valid for a week) as one JSON document to hand over;
 * - DELETE /v1/staff/conversations/:id — forgets it: record, events, files, audit entries, ticket mapping, kept
 *   handoff and queued helpdesk messages. The helpdesk's own copy (the Slack thread, the Zendesk ticket) is not ours to
 *   delete: remove it there.
 */
export function staffConversationRoutes({
  conversations,
  audit,
  attachments,
  handoff,
  token,
}: StaffConversationRoutesOptions) {
  const store = conversations.store;
  return new Hono()
    .use('/v1/staff/*', async (context, next) => {
      const given = /^Bearer\s+(\S+)$/i.exec(context.req.header('authorization') ?? '')?.[1] ?? '';
      if (!constantTimeEqual(utf8(given), utf8(token))) {
        throw new RelayError('unauthorized', 'Send the staff token as "Authorization: Bearer <token>".');
      }
      await next();
    })
    .get('/v1/staff/conversations/:conversationId', async (context) => {
      const conversationId = context.req.param('conversationId');
      const conversation = await store.getConversation(conversationId);
      if (!conversation) throw new RelayError('not_found', 'No such conversation.');
      const [events, entries, ticket, files] = await Promise.all([
        store.readEvents(conversationId, 0),
        audit.list({ conversationId }),
        handoff?.ticketOf(conversationId),
        attachments?.listWithLinks(conversationId),
      ]);
      context.header('content-disposition', `attachment; filename="conversation-${conversationId}.json"`);
      return context.json(
        {
          exportedAt: new Date().toISOString(),
          conversation,
          events,
          audit: entries,
          ...(ticket ? { ticket } : {}),
          ...(files ? { attachments: files } : {}),
        },
        200,
      );
    })
    .delete('/v1/staff/conversations/:conversationId', async (context) => {
      const conversationId = context.req.param('conversationId');
      const existed = await store.deleteConversation(conversationId);
      const files = (await attachments?.deleteConversation(conversationId)) ?? 0;
      const auditEntries = (await audit.deleteConversation?.(conversationId)) ?? 0;
      if (handoff) await handoff.forget(conversationId);
      if (!existed && auditEntries === 0 && files === 0) throw new RelayError('not_found', 'No such conversation.');
      return context.json({ deleted: true, conversationId, auditEntries, files }, 200);
    });
}
