import { describeReason } from '@tandem/handoff';
import { authorSchema, describeIssues, messageTextSchema } from '@tandem/protocol';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { inspectOrRefuse } from '../attachments/attachment-service.ts';
import { readLimited } from '../attachments/read-limited.ts';
import { RelayError } from '../errors.ts';
import { applyInboundEvent } from '../handoff/inbound.ts';
import type { InboxHandoff } from '../handoff/inbox/inbox-adapter.ts';
import type { HandoffRunner } from '../handoff/runner.ts';
import { requireStaff, type StaffAccess, staffPagesEnabled } from '../security/staff-token.ts';
import type { RelayEnvironment } from './environment.ts';
import { readJsonBody } from './validation.ts';

/** The staff token that protects the console protects the inbox's API too. */
export type AgentInboxAccess = StaffAccess;

const actionSchema = z.strictObject({
  /** A fresh id per click: a double-submitted or retried action is applied once. */
  actionId: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
  agent: authorSchema.extend({ name: z.string().trim().min(1).max(100) }),
});
const replySchema = actionSchema.extend({ text: messageTextSchema });
/** An upload carries its action in the query: the body is the file itself. */
const uploadQuerySchema = z.strictObject({
  actionId: actionSchema.shape.actionId,
  agent: z.string().trim().min(1).max(100),
  name: z.string().min(1).max(1000),
});
const afterSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0);

/**
 * The local inbox's API under /v1/agent, used by the console (GET /console), where a person sees the handed-off
 * conversations with their context packet, takes one over, replies and closes; the actions go through the same
 * path as a helpdesk's webhooks (dedupe, ticket mapping, conversation rules). GET /agent, the old agent page's
 * address (and the link in every context packet), leads to the console with its #conversation=… kept.
 */
export function agentInboxRoutes(runner: HandoffRunner, inbox: InboxHandoff, access: AgentInboxAccess) {
  const entryOf = async (ticketId: string) => {
    const entry = await inbox.get(ticketId);
    if (!entry) throw new RelayError('not_found', 'No such handed-off conversation.');
    return entry;
  };

  // A relative Location keeps a mount prefix (/chat/agent -> /chat/console); browsers carry the #fragment over.
  const page = new Hono<RelayEnvironment>().get('/', (context) => {
    if (!staffPagesEnabled(access)) throw new RelayError('not_found', 'No such route.');
    return context.body(null, 302, { location: 'console', 'cache-control': 'no-store' });
  });

  const api = new Hono<RelayEnvironment>()
    .use('*', async (context, next) => {
      requireStaff(context, access);
      context.header('cache-control', 'no-store');
      await next();
    })
    .get('/conversations', async (context) => {
      const conversations = await Promise.all(
        (await inbox.list()).map(async (entry) => {
          const conversationId = entry.context.conversationId;
          const record = await context.var.conversations.store.getConversation(conversationId);
          return {
            ticketId: entry.ticket.id,
            conversationId,
            status: entry.status,
            mode: record?.mode ?? 'closed',
            priority: entry.context.priority,
            reasons: entry.context.reasons,
            why: entry.context.reasons.map(describeReason),
            summary: entry.context.summary,
            customer: entry.context.identity?.name ?? entry.context.identity?.email ?? null,
            // An address the visitor left for a reply (nobody was available): staff answer it by e-mail.
            contact: record?.contact ?? null,
            route: entry.route ?? null,
            openedAt: entry.openedAt,
          };
        }),
      );
      return context.json({ conversations });
    })
    .get('/conversations/:ticketId', async (context) => {
      const entry = await entryOf(context.req.param('ticketId'));
      const after = afterSchema.safeParse(context.req.query('after'));
      if (!after.success) throw new RelayError('bad_request', 'after must be the id of an event, a whole number.');
      const { store } = context.var.conversations;
      const record = await store.getConversation(entry.context.conversationId);
      const events = record ? await store.readEvents(record.id, after.data) : [];
      return context.json({
        ticketId: entry.ticket.id,
        status: entry.status,
        context: entry.context,
        why: entry.context.reasons.map(describeReason),
        route: entry.route ?? null,
        conversation: record
          ? { mode: record.mode, handoff: record.handoff ?? null, contact: record.contact ?? null }
          : null,
        messages: events.flatMap((event) => (event.type === 'message' ? [event.message] : [])),
        lastEventId: events.at(-1)?.id ?? after.data,
      });
    })
    .post('/conversations/:ticketId/join', async (context) => {
      const entry = await entryOf(context.req.param('ticketId'));
      const action = await readJsonBody(context, actionSchema);
      const outcome = await apply(context, {
        type: 'agent-joined',
        ticketId: entry.ticket.id,
        dedupeKey: `join:${action.actionId}`,
        agent: action.agent,
      });
      return context.json({ outcome });
    })
    .post('/conversations/:ticketId/reply', async (context) => {
      const entry = await entryOf(context.req.param('ticketId'));
      const action = await readJsonBody(context, replySchema);
      const outcome = await apply(context, {
        type: 'agent-reply',
        ticketId: entry.ticket.id,
        dedupeKey: `reply:${action.actionId}`,
        agent: action.agent,
        text: action.text,
      });
      return context.json({ outcome });
    })
    .post('/conversations/:ticketId/attachments', async (context) => {
      // The person sends a file (a return label, a photo of the part): it reaches the visitor as an agent message,
      // through the same path as a helpdesk's attachment (type by content, metadata stripped, size limit).
      const entry = await entryOf(context.req.param('ticketId'));
      const query = uploadQuerySchema.safeParse(context.req.query());
      if (!query.success) throw new RelayError('bad_request', describeIssues(query.error));
      const { attachments } = context.var;
      const declared = Number(context.req.header('content-length') ?? Number.NaN);
      if (declared > attachments.maxBytes) {
        throw new RelayError('attachment_too_large', `A file may be at most ${attachments.maxBytes} bytes.`);
      }
      const bytes = await readLimited(
        context.req.raw.body,
        attachments.maxBytes,
        () => new RelayError('attachment_too_large', `A file may be at most ${attachments.maxBytes} bytes.`),
      );
      if (bytes.length === 0) throw new RelayError('bad_request', 'Send the file as the request body.');
      // Checked before the action is applied, so a refused file is an error the agent sees, not a note to the visitor.
      inspectOrRefuse(bytes);
      const outcome = await apply(context, {
        type: 'agent-reply',
        ticketId: entry.ticket.id,
        dedupeKey: `upload:${query.data.actionId}`,
        agent: { name: query.data.agent },
        text: '',
        attachments: [{ name: query.data.name, size: bytes.length, download: async () => bytes }],
      });
      return context.json({ outcome });
    })
    .post('/conversations/:ticketId/close', async (context) => {
      const entry = await entryOf(context.req.param('ticketId'));
      const action = await readJsonBody(context, actionSchema);
      await inbox.markClosed(entry.ticket.id, `Closed by ${action.agent.name}.`);
      const outcome = await apply(context, {
        type: 'closed',
        ticketId: entry.ticket.id,
        dedupeKey: `close:${action.actionId}`,
        agent: action.agent,
      });
      return context.json({ outcome });
    });

  function apply(context: Context<RelayEnvironment>, event: Parameters<typeof applyInboundEvent>[3]) {
    const { conversations } = context.var;
    return applyInboundEvent(
      runner,
      conversations,
      inbox.name,
      event,
      conversations.logger.child({ component: 'agent-inbox' }),
      context.var.audit,
    );
  }

  return { page, api };
}
