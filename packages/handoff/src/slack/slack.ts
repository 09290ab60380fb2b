import type { Attachment, Message } from '@tandem/protocol';
import { renderContextSlack, renderMessageSlack } from '../context/slack-blocks.ts';
import { HandoffError } from '../errors.ts';
import type { AttachmentFiles, HandoffAdapter, HandoffTicket, OpenOptions, SendOptions } from '../handoff-adapter.ts';
import type { HandoffContext } from '../handoff-context.ts';
import { attachmentsOf, readAttachments } from '../internal/attachments.ts';
import { createHttpClient } from '../internal/http.ts';
import { parseContext, parseOptions } from '../internal/options.ts';
import { INITIAL_COMMENT_LIMIT, initialCommentFor, shareFilesInThread } from './files.ts';
import { type AgentCache, parseSlackInbound } from './inbound.ts';
import { SLACK_METADATA_EVENT_TYPE, type SlackHandoffOptions, slackHandoffOptionsSchema } from './options.ts';
import { createOwnUserId, createSlackApi, type SlackApiCall } from './slack-api.ts';

const ADAPTER_NAME = 'slack';
const DEFAULT_BASE_URL = 'https://slack.com/api';

/**
 * Hands conversations to a Slack channel: one Block Kit message per handoff, later visitor messages in its
 * thread, and human thread replies back to the widget through the Events API.
 *
 * @example
 * const slack = createSlackHandoff({ botToken: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET, channel: 'C0123456789' });
 */
export function createSlackHandoff(options: SlackHandoffOptions): HandoffAdapter & { readonly name: 'slack' } {
  const resolved = parseOptions(ADAPTER_NAME, slackHandoffOptionsSchema, options);
  const baseURL = resolved.baseURL ?? DEFAULT_BASE_URL;
  const fetchFunction = resolved.fetch ?? globalThis.fetch;
  const timeoutMs = resolved.timeoutMs ?? 15_000;
  const http = createHttpClient({
    adapter: ADAPTER_NAME,
    baseURL,
    fetch: resolved.fetch,
    headers: { ...resolved.headers, authorization: `Bearer ${resolved.botToken}` },
    timeoutMs: resolved.timeoutMs,
  });
  const api = createSlackApi(http, ADAPTER_NAME);
  const now = resolved.now ?? Date.now;
  const agents: AgentCache = new Map();
  const ownUserId = createOwnUserId(api, resolved.botUserId);
  /**
   * Files the customer sent before the handoff, into its thread. The handoff stands without them (the transcript
   * names each one), so a failed upload leaves a note in the thread instead of failing the open.
   */
  async function shareEarlierFiles(
    channel: string,
    threadTs: string,
    attachments: Attachment[],
    files: AttachmentFiles,
    { unlessShared }: { unlessShared: boolean },
  ): Promise<void> {
    try {
      if (unlessShared && (await threadHasOwnFiles(api, channel, threadTs, await ownUserId()))) return;
      const read = await readAttachments(attachments, files, ADAPTER_NAME);
      await share(channel, threadTs, read, `Files the customer sent before the handoff (${read.length}).`);
    } catch (error) {
      await api('chat.postMessage', {
        channel,
        thread_ts: threadTs,
        text: `:warning: ${attachments.length} file(s) from the customer could not be uploaded here (${error instanceof Error ? error.message : String(error)}).`,
      }).catch(() => undefined);
    }
  }
  const share = (
    channel: string,
    threadTs: string,
    files: Parameters<typeof shareFilesInThread>[0]['files'],
    initialComment: string,
  ) =>
    shareFilesInThread({
      api,
      fetch: fetchFunction,
      adapter: ADAPTER_NAME,
      channel,
      threadTs,
      files,
      initialComment,
      timeoutMs,
    });

  return {
    specificationVersion: 'v1',
    name: ADAPTER_NAME,

    async open(context: HandoffContext, openOptions: OpenOptions = {}) {
      const packet = parseContext(ADAPTER_NAME, context);
      const channel = openOptions.route ?? resolved.channel;
      const idempotencyKey = openOptions.idempotencyKey ?? packet.conversationId;
      const earlierFiles = attachmentsOf(packet.transcript);
      if (resolved.deduplicateOpen) {
        const existing = await findEarlierPost(api, channel, idempotencyKey, now());
        if (existing !== undefined) {
          // The first attempt posted but may have failed before its files went up (a lost answer, a crash).
          if (earlierFiles.length > 0 && openOptions.files !== undefined)
            await shareEarlierFiles(channel, existing, earlierFiles, openOptions.files, { unlessShared: true });
          return ticketFor(channel, existing);
        }
      }
      const { text, blocks } = renderContextSlack(packet);
      const posted = await api('chat.postMessage', {
        channel,
        text,
        blocks,
        unfurl_links: false,
        metadata: {
          event_type: SLACK_METADATA_EVENT_TYPE,
          event_payload: { idempotency_key: idempotencyKey, conversation_id: packet.conversationId },
        },
      });
      const ts = String(posted.ts);
      // The close hint needs the thread id, known only once posted, so it is the first thread reply. It is a
      // convenience: if it fails the handoff still stands, and a retried open must not post the handoff again.
      await api('chat.postMessage', {
        channel,
        thread_ts: ts,
        text: `Reply in this thread to answer the customer. React with :${resolved.joinReaction}: to tell them you are on it, and with :${resolved.closeReaction}: (or \`${resolved.closeCommand} ${ts}\`) to close.`,
      }).catch(() => undefined);
      const postedChannel = String(posted.channel ?? channel);
      if (earlierFiles.length > 0 && openOptions.files !== undefined)
        await shareEarlierFiles(postedChannel, ts, earlierFiles, openOptions.files, { unlessShared: false });
      return ticketFor(postedChannel, ts);
    },

    async send(ticket: HandoffTicket, message: Message, sendOptions: SendOptions = {}) {
      const { channel, threadTs } = parseTicket(ticket);
      const attachments = message.attachments ?? [];
      if (attachments.length === 0 || sendOptions.files === undefined) {
        // Without access to the bytes the attachments are named in the text.
        const { text, blocks } = renderMessageSlack(message);
        await api('chat.postMessage', { channel, thread_ts: threadTs, text, blocks, unfurl_links: false });
        return;
      }
      const files = await readAttachments(attachments, sendOptions.files, ADAPTER_NAME);
      let initialComment = initialCommentFor(message);
      if (message.text.length > INITIAL_COMMENT_LIMIT - 100) {
        // A long message keeps all its words in its own reply; the files follow it.
        const { text, blocks } = renderMessageSlack({ ...message, attachments: [] });
        await api('chat.postMessage', { channel, thread_ts: threadTs, text, blocks, unfurl_links: false });
        initialComment = initialCommentFor({ ...message, text: '' });
      }
      await share(channel, threadTs, files, initialComment);
    },

    async close(ticket: HandoffTicket, closeOptions = {}) {
      const { channel, threadTs } = parseTicket(ticket);
      const reason = closeOptions.reason ?? 'The conversation was closed.';
      await api('chat.postMessage', { channel, thread_ts: threadTs, text: `:lock: ${reason}` });
    },

    inbound(request: Request) {
      return parseSlackInbound(request, {
        options: resolved,
        api,
        now,
        adapter: ADAPTER_NAME,
        agents,
        ownUserId,
        files: {
          api,
          fetch: fetchFunction,
          adapter: ADAPTER_NAME,
          botToken: resolved.botToken,
          apiOrigin: new URL(baseURL).origin,
          timeoutMs: 60_000,
        },
      });
    },
  };
}

export type { SlackHandoffOptions } from './options.ts';

// --- internal ---

export function ticketFor(channel: string, threadTs: string): HandoffTicket {
  return { adapter: ADAPTER_NAME, id: `${channel}:${threadTs}`, data: { channel, threadTs } };
}

function parseTicket(ticket: HandoffTicket): { channel: string; threadTs: string } {
  const match = /^([A-Z0-9]+):(\d+\.\d+)$/.exec(ticket.id);
  if (ticket.adapter !== ADAPTER_NAME || match === null || match[1] === undefined || match[2] === undefined) {
    throw new HandoffError('bad_request', `not a Slack ticket: ${ticket.adapter}/${ticket.id}`, {
      adapter: ADAPTER_NAME,
      retryable: false,
    });
  }
  return { channel: match[1], threadTs: match[2] };
}

/** A retried open whose first post reached Slack finds that post by its metadata instead of posting again. */
async function findEarlierPost(
  api: SlackApiCall,
  channel: string,
  idempotencyKey: string,
  nowMs: number,
): Promise<string | undefined> {
  let history: Record<string, unknown>;
  try {
    history = await api(
      'conversations.history',
      { channel, limit: 100, include_all_metadata: true, oldest: String(Math.floor(nowMs / 1000) - 24 * 60 * 60) },
      'GET',
    );
  } catch (error) {
    // Without channels:history the lookup cannot work; delivering the handoff matters more than de-duplicating it.
    if (HandoffError.isInstance(error) && !error.retryable && error.message.includes('missing_scope')) return undefined;
    throw error;
  }
  const messages = Array.isArray(history.messages) ? (history.messages as Record<string, unknown>[]) : [];
  for (const message of messages) {
    const metadata = message.metadata as
      | { event_type?: unknown; event_payload?: { idempotency_key?: unknown } }
      | undefined;
    if (
      metadata?.event_type === SLACK_METADATA_EVENT_TYPE &&
      metadata.event_payload?.idempotency_key === idempotencyKey
    ) {
      return String(message.ts);
    }
  }
  return undefined;
}

/** Whether the bot already shared files in this thread (conversations.replies, the history scope). */
async function threadHasOwnFiles(
  api: SlackApiCall,
  channel: string,
  threadTs: string,
  ownUserId: string | undefined,
): Promise<boolean> {
  const replies = await api('conversations.replies', { channel, ts: threadTs, limit: 200 }, 'GET');
  const messages = Array.isArray(replies.messages) ? (replies.messages as Record<string, unknown>[]) : [];
  return messages.some(
    (message) =>
      (message.bot_id !== undefined || (ownUserId !== undefined && message.user === ownUserId)) &&
      Array.isArray(message.files) &&
      message.files.length > 0,
  );
}
