import { describeReason } from '@tandem/handoff';
import { authorSchema, messageTextSchema } from '@tandem/protocol';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { RelayError } from '../errors.ts';
import { applyInboundEvent } from '../handoff/inbound.ts';
import type { InboxHandoff } from '../handoff/inbox/inbox-adapter.ts';
import { INBOX_ICON_SVG, INBOX_PAGE_HTML, INBOX_SCRIPT, INBOX_STYLES } from '../handoff/inbox/page.ts';
import type { HandoffRunner } from '../handoff/runner.ts';
import { constantTimeEqual, utf8 } from '../security/encoding.ts';
import type { RelayEnvironment } from './environment.ts';
import { readJsonBody } from './validation.ts';

export interface AgentInboxAccess {
  /** Required as `Authorization: Bearer <token>` on the API. */
  token?: string | undefined;
  /** Without a token, serve the page and API to anyone who can reach the relay. */
  development: boolean;
}

/** Strict, and no inline code: the page's script and styles are files of their own. */
const PAGE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** The page's files by path under /agent, with their content types. */
const PAGE_FILES: Record<string, [body: string, contentType: string]> = {
  '/': [INBOX_PAGE_HTML, 'text/html; charset=utf-8'],
  '/inbox.js': [INBOX_SCRIPT, 'text/javascript; charset=utf-8'],
  '/inbox.css': [INBOX_STYLES, 'text/css; charset=utf-8'],
  '/icon.svg': [INBOX_ICON_SVG, 'image/svg+xml'],
};

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
const afterSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0);

/**
 * The agent page for the local inbox: GET /agent (HTML, script and styles) and its API under /v1/agent. A person
 * sees the handed-off conversations with their context packet, takes one over, replies and closes; the actions go
 * through the same path as a helpdesk's webhooks (dedupe, ticket mapping, conversation rules).
 */
export function agentInboxRoutes(runner: HandoffRunner, inbox: InboxHandoff, access: AgentInboxAccess) {
  const enabled = access.token !== undefined || access.development;
  const requireAgent = (context: Context) => {
    if (!enabled) throw new RelayError('not_found', 'No such route.');
    if (access.token === undefined) return;
    const given = /^Bearer\s+(\S+)$/i.exec(context.req.header('authorization') ?? '')?.[1] ?? '';
    if (!constantTimeEqual(utf8(given), utf8(access.token))) {
      throw new RelayError('unauthorized', 'Send the inbox token as "Authorization: Bearer <token>".');
    }
  };
  const entryOf = async (ticketId: string) => {
    const entry = await inbox.get(ticketId);
    if (!entry) throw new RelayError('not_found', 'No such handed-off conversation.');
    return entry;
  };

  const page = new Hono<RelayEnvironment>();
  for (const [path, [body, contentType]] of Object.entries(PAGE_FILES)) {
    page.get(path, (context) => {
      if (!enabled) throw new RelayError('not_found', 'No such route.');
      return context.body(body, 200, { 'content-type': contentType, ...PAGE_SECURITY_HEADERS });
    });
  }

  const api = new Hono<RelayEnvironment>()
    .use('*', async (context, next) => {
      requireAgent(context);
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
    );
  }

  return { page, api };
}
