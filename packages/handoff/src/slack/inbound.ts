import type { Author } from '@tandem/protocol';
import { z } from 'zod';
import { HandoffError } from '../errors.ts';
import type { InboundEvent, InboundResult } from '../handoff-adapter.ts';
import { assertFreshTimestamp, badRequest, jsonResponse, readRawBody, unauthorized } from '../internal/inbound.ts';
import { inboundFiles } from './files.ts';
import type { ResolvedSlackOptions } from './options.ts';
import { verifySlackSignature } from './signature.ts';
import type { SlackApiCall } from './slack-api.ts';

interface InboundDependencies {
  options: ResolvedSlackOptions;
  api: SlackApiCall;
  now: () => number;
  adapter: string;
  agents: AgentCache;
  files: Parameters<typeof inboundFiles>[1];
  ownUserId: () => Promise<string | undefined>;
}

/** Agents' names by Slack user id, so a busy thread does not call users.info for every reply. */
export type AgentCache = Map<string, { agent: Author; expiresAt: number }>;

const AGENT_CACHE_MS = 10 * 60 * 1000;

const envelopeSchema = z.looseObject({ type: z.string(), challenge: z.unknown().optional() });
const eventCallbackSchema = z.looseObject({
  type: z.literal('event_callback'),
  event_id: z.string().min(1),
  event: z.looseObject({ type: z.string() }),
});
const MAX_CACHED_AGENTS = 500;

/**
 * Verifies and parses an Events API request or a slash command. The signature is checked before anything in
 * the body is believed, including the url_verification challenge.
 */
export async function parseSlackInbound(request: Request, dependencies: InboundDependencies): Promise<InboundResult> {
  const { options, adapter } = dependencies;
  const rawBody = await readRawBody(request, adapter);
  const timestamp = request.headers.get('x-slack-request-timestamp');
  assertFreshTimestamp(timestamp, { adapter, nowMs: dependencies.now(), toleranceSeconds: options.toleranceSeconds });
  const valid = await verifySlackSignature(
    options.signingSecret,
    timestamp ?? '',
    rawBody,
    request.headers.get('x-slack-signature'),
  );
  if (!valid) throw unauthorized(adapter, 'the X-Slack-Signature does not match');

  const contentType = request.headers.get('content-type') ?? '';
  if (contentType.includes('application/x-www-form-urlencoded'))
    return parseSlashCommand(new URLSearchParams(rawBody), dependencies);
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw badRequest(adapter, 'the Events API body is not JSON');
  }
  // Signed is not the same as well formed: `null`, an array or `"event": null` is refused as a bad request.
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success)
    throw badRequest(adapter, `the Events API body is not an event envelope: ${parsed.error.message}`);
  const envelope = parsed.data;
  if (envelope.type === 'url_verification') {
    if (typeof envelope.challenge !== 'string') throw badRequest(adapter, 'the url_verification has no challenge');
    return { events: [], response: jsonResponse({ challenge: envelope.challenge }) };
  }
  if (envelope.type !== 'event_callback') return { events: [] };
  const callback = eventCallbackSchema.safeParse(envelope);
  if (!callback.success) {
    throw badRequest(adapter, `the event_callback is not well formed: ${callback.error.message}`);
  }
  const event = callback.data.event;
  const dedupeKey = `event:${callback.data.event_id}`;
  if (event.type === 'message') return { events: await threadReply(event, dedupeKey, dependencies) };
  if (event.type === 'reaction_added') return { events: await reaction(event, dedupeKey, dependencies) };
  return { events: [] };
}

// --- internal ---

/**
 * Human replies in a handoff thread, with the files they shared; the bot's own posts, edits, joins and other
 * subtypes are not replies.
 */
async function threadReply(
  event: Record<string, unknown>,
  dedupeKey: string,
  dependencies: InboundDependencies,
): Promise<InboundEvent[]> {
  const { channel, user, text, ts, thread_ts: threadTs, subtype, bot_id: botId } = event;
  if (subtype !== undefined && subtype !== 'thread_broadcast' && subtype !== 'file_share') return [];
  if (botId !== undefined || typeof user !== 'string' || user === dependencies.options.botUserId) return [];
  // The bot's own file shares may come back without a bot_id: without a configured botUserId, ask Slack who we are,
  // so a customer's photo never returns to them as an agent's reply.
  if (event.files !== undefined && user === (await dependencies.ownUserId())) return [];
  if (typeof channel !== 'string' || typeof threadTs !== 'string' || threadTs === ts) return [];
  const body = typeof text === 'string' ? unescapeSlack(text).trim() : '';
  const attachments = await inboundFiles(event.files, dependencies.files);
  if (body === '' && attachments.length === 0) return [];
  const agent = await agentFor(user, dependencies);
  return [
    {
      type: 'agent-reply',
      ticketId: `${channel}:${threadTs}`,
      dedupeKey,
      agent,
      text: body,
      ...(attachments.length === 0 ? {} : { attachments }),
    },
  ];
}

async function reaction(
  event: Record<string, unknown>,
  dedupeKey: string,
  dependencies: InboundDependencies,
): Promise<InboundEvent[]> {
  const item = event.item as { type?: unknown; channel?: unknown; ts?: unknown } | undefined;
  if (item?.type !== 'message' || typeof item.channel !== 'string' || typeof item.ts !== 'string') return [];
  if (typeof event.user !== 'string' || event.user === dependencies.options.botUserId) return [];
  const ticketId = `${item.channel}:${item.ts}`;
  if (event.reaction === dependencies.options.closeReaction) {
    return [{ type: 'closed', ticketId, dedupeKey, agent: await agentFor(event.user, dependencies) }];
  }
  if (event.reaction === dependencies.options.joinReaction) {
    return [{ type: 'agent-joined', ticketId, dedupeKey, agent: await agentFor(event.user, dependencies) }];
  }
  const { neededReaction, notNeededReaction } = dependencies.options;
  // Slack sends "+1" for 👍 whatever the skin tone ("+1::skin-tone-2"), so the tone is ignored.
  const reactionName = typeof event.reaction === 'string' ? event.reaction.replace(/::skin-tone-\d$/, '') : '';
  if (reactionName === neededReaction || reactionName === notNeededReaction) {
    const verdict = reactionName === neededReaction ? 'needed' : 'not_needed';
    return [{ type: 'handoff-review', ticketId, dedupeKey, verdict, agent: await agentFor(event.user, dependencies) }];
  }
  return [];
}

/** `/tandem-close <thread id or message link>` typed in the channel. Slack wants an answer within 3 seconds. */
async function parseSlashCommand(form: URLSearchParams, dependencies: InboundDependencies): Promise<InboundResult> {
  const command = form.get('command');
  const channel = form.get('channel_id');
  const user = form.get('user_id');
  const triggerId = form.get('trigger_id');
  if (command !== dependencies.options.closeCommand || channel === null || user === null || triggerId === null) {
    return {
      events: [],
      response: jsonResponse({ response_type: 'ephemeral', text: `Unknown command ${command ?? ''}.` }),
    };
  }
  const threadTs = threadFromArgument(form.get('text') ?? '');
  if (threadTs === undefined) {
    return {
      events: [],
      response: jsonResponse({
        response_type: 'ephemeral',
        text: `Usage: ${command} <thread id or link to the handoff message>`,
      }),
    };
  }
  const agent = await agentFor(user, dependencies);
  return {
    events: [{ type: 'closed', ticketId: `${channel}:${threadTs}`, dedupeKey: `command:${triggerId}`, agent }],
    response: jsonResponse({ response_type: 'ephemeral', text: 'Closing the conversation.' }),
  };
}

/** Accepts "1531420618.000100" or a message link ending in "/p1531420618000100". */
function threadFromArgument(argument: string): string | undefined {
  const text = argument.trim();
  if (/^\d+\.\d+$/.test(text)) return text;
  const link = /\/p(\d{10})(\d{6})(?:[?#].*)?$/.exec(text);
  return link === null ? undefined : `${link[1]}.${link[2]}`;
}

/** The name the customer sees: display name, else real name, else the user name (users.info). */
async function agentFor(user: string, { api, agents, now }: InboundDependencies): Promise<Author> {
  const cached = agents.get(user);
  if (cached !== undefined && cached.expiresAt > now()) return cached.agent;
  let info: {
    name?: string;
    real_name?: string;
    profile?: { display_name?: string; real_name?: string; image_72?: string };
  };
  try {
    info = (await api('users.info', { user }, 'GET')).user as typeof info;
  } catch (error) {
    // A reply must not be lost because its author's profile cannot be read; a retryable failure is left to
    // Slack's redelivery, anything else shows a neutral name.
    if (HandoffError.isInstance(error) && error.retryable) throw error;
    return { name: 'Support agent' };
  }
  const name = [info.profile?.display_name, info.profile?.real_name, info.real_name, info.name].find(
    (candidate) => typeof candidate === 'string' && candidate.trim() !== '',
  );
  const avatarUrl = info.profile?.image_72;
  const agent = {
    name: name ?? 'Support agent',
    ...(typeof avatarUrl === 'string' && /^https:\/\//.test(avatarUrl) ? { avatarUrl } : {}),
  };
  if (agents.size >= MAX_CACHED_AGENTS) agents.delete(agents.keys().next().value ?? '');
  agents.set(user, { agent, expiresAt: now() + AGENT_CACHE_MS });
  return agent;
}

/** Slack escapes &, < and > in message text; mentions and links look like <@U123> and <https://x|label>. */
function unescapeSlack(text: string): string {
  return text
    .replace(/<(https?:\/\/[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:\/\/[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
