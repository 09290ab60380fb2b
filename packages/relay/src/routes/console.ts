import { describeIssues, type Message } from '@tandem/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AttachmentService } from '../attachments/attachment-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { ConsoleData } from '../console/console-data.ts';
import { computeFigures } from '../console/figures.ts';
import { recordHandoffReview } from '../console/handoff-reviews.ts';
import { CONSOLE_ICON_SVG, CONSOLE_PAGE_HTML, CONSOLE_STYLES } from '../console/page/page.ts';
import { CONSOLE_SCRIPT } from '../console/page/script.ts';
import { RelayError } from '../errors.ts';
import type { InboxHandoff } from '../handoff/inbox/inbox-adapter.ts';
import type { HandoffRunner } from '../handoff/runner.ts';
import { requireStaff, type StaffAccess, staffPagesEnabled } from '../security/staff-token.ts';
import type { RelayEnvironment } from './environment.ts';
import { readJsonBody } from './validation.ts';

/** Strict, and no inline code: the page's script and styles are files of their own. */
const PAGE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** The page's files by path under /console. The script is its own file, fetched only by the console. */
const PAGE_FILES: Record<string, [body: string, contentType: string]> = {
  '/': [CONSOLE_PAGE_HTML, 'text/html; charset=utf-8'],
  '/console.js': [CONSOLE_SCRIPT, 'text/javascript; charset=utf-8'],
  '/console.css': [CONSOLE_STYLES, 'text/css; charset=utf-8'],
  '/icon.svg': [CONSOLE_ICON_SVG, 'image/svg+xml'],
};

const DAY_MS = 86_400_000;
const MAX_PERIOD_DAYS = 366;

const periodSchema = z
  .strictObject({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .transform(({ from, to }) => {
    const end = to !== undefined ? Date.parse(to) : startOfUtcDay(Date.now()) + DAY_MS;
    const start = from !== undefined ? Date.parse(from) : end - 7 * DAY_MS;
    return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
  })
  .refine(({ from, to }) => from < to, 'from must be before to')
  .refine(
    ({ from, to }) => Date.parse(to) - Date.parse(from) <= MAX_PERIOD_DAYS * DAY_MS,
    `a period is at most ${MAX_PERIOD_DAYS} days`,
  );

const listQuerySchema = z.strictObject({ since: z.iso.datetime({ offset: true }).optional() });

const reviewSchema = z.strictObject({
  verdict: z.enum(['needed', 'not_needed']),
  reviewer: z.string().trim().min(1, 'say who you are: your name is kept with the mark').max(100),
});

export interface ConsoleRoutesOptions {
  audit: AuditLog;
  runner?: HandoffRunner | undefined;
  inbox?: InboxHandoff | undefined;
  access: StaffAccess;
}

/**
 * The support console: GET /console (a page of its own: HTML, one script, one stylesheet) and its API under
 * /v1/console, behind the staff token. Live conversations, transcripts with each answer's confidence, sources and
 * policy decision, the figures, and agents' marks on handoffs. Conversations handed to the local inbox are
 * answered from here too, through /v1/agent.
 */
export function consoleRoutes(options: ConsoleRoutesOptions) {
  const page = new Hono<RelayEnvironment>();
  for (const [path, [body, contentType]] of Object.entries(PAGE_FILES)) {
    page.get(path, (context) => {
      if (!staffPagesEnabled(options.access)) throw new RelayError('not_found', 'No such route.');
      return context.body(body, 200, { 'content-type': contentType, ...PAGE_SECURITY_HEADERS });
    });
  }

  const api = new Hono<RelayEnvironment>()
    .use('*', async (context, next) => {
      requireStaff(context, options.access);
      context.header('cache-control', 'no-store');
      await next();
    })
    .get('/conversations', async (context) => {
      const query = listQuerySchema.safeParse(context.req.query());
      if (!query.success) throw new RelayError('bad_request', describeIssues(query.error));
      const since = query.data.since !== undefined ? new Date(query.data.since).toISOString() : undefined;
      const conversations = await dataFor(context.var.conversations.store).summaries(since);
      return context.json({ now: new Date().toISOString(), conversations });
    })
    .get('/conversations/:conversationId', async (context) => {
      const data = dataFor(context.var.conversations.store);
      const facts = await data.facts(context.req.param('conversationId'));
      if (!facts) throw new RelayError('not_found', 'No such conversation.');
      const inboxEntry = (await options.inbox?.list())?.find(
        (entry) => entry.context.conversationId === facts.record.id,
      );
      const summary = await data.summary(facts, inboxEntry?.ticket.id);
      const { lines, unshown } = data.transcript(facts);
      await linkAttachments(context.var.attachments, facts.record.id, lines);
      return context.json({
        now: new Date().toISOString(),
        summary,
        handoff: inboxEntry
          ? {
              summary: inboxEntry.context.summary,
              suggestedReply: inboxEntry.context.suggestedReply ?? null,
              priority: inboxEntry.context.priority,
              status: inboxEntry.status,
            }
          : null,
        transcript: lines,
        unshown,
        reviews: facts.audit.filter((entry) => entry.type === 'handoff-review'),
      });
    })
    .post('/conversations/:conversationId/review', async (context) => {
      const body = await readJsonBody(context, reviewSchema);
      const review = await recordHandoffReview(
        {
          store: context.var.conversations.store,
          audit: options.audit,
          reviews: context.var.conversations.metrics.handoffReviews,
        },
        {
          conversationId: context.req.param('conversationId'),
          verdict: body.verdict,
          source: 'console',
          reviewer: body.reviewer,
        },
      );
      return context.json({ review });
    })
    .get('/figures', async (context) => {
      const period = periodSchema.safeParse(context.req.query());
      if (!period.success) throw new RelayError('bad_request', describeIssues(period.error));
      const data = dataFor(context.var.conversations.store);
      // Conversations that started in the period have their audit entries at or after its start.
      const facts = await data.allFacts(period.data.from);
      return context.json(computeFigures(facts, period.data));
    });

  function dataFor(store: ConstructorParameters<typeof ConsoleData>[0]['store']): ConsoleData {
    return new ConsoleData({ store, audit: options.audit, runner: options.runner, inbox: options.inbox });
  }

  return { page, api };
}

// --- internal ---

function startOfUtcDay(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}

/** How long the console's links to a conversation's files read them; the page asks again on every refresh. */
const CONSOLE_LINK_TTL_SECONDS = 60 * 60;

/**
 * Staff read files through signed links (they hold no conversation token), relative to the console page so they
 * work wherever the relay is mounted.
 */
async function linkAttachments(
  attachments: AttachmentService,
  conversationId: string,
  lines: { message: Message }[],
): Promise<void> {
  for (const line of lines) {
    if (!line.message.attachments) continue;
    line.message = {
      ...line.message,
      attachments: await Promise.all(
        line.message.attachments.map(async (attachment) => ({
          ...attachment,
          url: (await attachments.signedPath(conversationId, attachment.id, CONSOLE_LINK_TTL_SECONDS)).slice(1),
        })),
      ),
    };
  }
}
