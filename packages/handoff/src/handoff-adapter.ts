import type { Attachment, Author, Message } from '@tandem/protocol';
import type { HandoffContext } from './handoff-context.ts';

/**
 * HandoffAdapter v1: passes a conversation to people in one helpdesk and brings their replies back.
 *
 * Outbound: `open` once per handoff, `send` for each later visitor message, `close` when the conversation ends.
 * Inbound: the relay hands every webhook request for this adapter to `inbound`, which verifies it and parses it.
 *
 * Adapters are stateless (they run on Workers as well as Node); the relay keeps the state:
 * - the ticket returned by `open`, mapped to the conversation (`ticket.id` ↔ `context.conversationId`);
 * - the `dedupeKey` of every inbound event it has applied, kept for `DEDUPE_KEY_TTL_SECONDS`, so a helpdesk's
 *   retry or a replayed request inside the signature window is applied once.
 *
 * Every failure is a `HandoffError` (see errors.ts) with a `code` and `retryable`.
 */
export interface HandoffAdapter {
  readonly specificationVersion: 'v1';
  /** Stable name used in ticket references, logs, routes (`/v1/webhooks/:name`) and configuration. */
  readonly name: string;

  /**
   * Creates the ticket, thread or email for a handoff, delivering the whole context packet.
   * Idempotent per `options.idempotencyKey` (default: `context.conversationId`): a retried open whose first
   * attempt reached the helpdesk returns that ticket and never creates a second one, as far as the helpdesk
   * allows (each adapter's docs say how it does this).
   */
  open(context: HandoffContext, options?: OpenOptions): Promise<HandoffTicket>;

  /**
   * Forwards a later message of the conversation (usually the visitor's) to the ticket, with its attachments'
   * bytes read through `options.files` (an adapter without `files` lists the attachments by name only).
   */
  send(ticket: HandoffTicket, message: Message, options?: SendOptions): Promise<void>;

  /** Tells the helpdesk the conversation ended on the customer's side (a note, a status change). */
  close(ticket: HandoffTicket, options?: CloseOptions): Promise<void>;

  /**
   * Verifies and parses one webhook request from the helpdesk. Reads the body once, as raw bytes, because
   * signatures are computed over the exact bytes.
   * - Verification fails (unsigned, forged, outside the time window, wrong secret): throws
   *   `HandoffError` with code `unauthorized`; the relay answers 401 and stores nothing.
   * - Signed but unreadable: throws code `bad_request` (400).
   * - A handshake (Slack's url_verification): returns `response` to send back as is, and no events.
   * - Otherwise: the events, possibly none (a bot's own message, an internal note); the relay answers with
   *   `response` when given, else 200.
   */
  inbound?(request: Request): Promise<InboundResult>;
}

/** The helpdesk's own handle on a handed-off conversation: a Slack thread, a Zendesk ticket, an email thread. */
export interface HandoffTicket {
  /** The adapter's name; the relay routes later calls to the adapter that opened the ticket. */
  adapter: string;
  /** Unique within the adapter; inbound events carry it as `ticketId` so the relay finds the conversation. */
  id: string;
  /** Where a person opens the ticket in the helpdesk, when there is such a page. */
  url?: string;
  /** Adapter-private values (a Slack channel, a Zendesk requester id); the relay stores them and passes them back. */
  data?: Record<string, string>;
}

export interface OpenOptions {
  /** Same key, same ticket. The relay derives it from the conversation and the handoff attempt. */
  idempotencyKey?: string;
  /** Adapter-specific routing from the relay's routing rules: a Slack channel, a Zendesk group, an address. */
  route?: string;
  /** Reads the attachments of the transcript's messages, to deliver them to the helpdesk with the ticket. */
  files?: AttachmentFiles;
}

export interface SendOptions {
  /** Reads the message's attachments, to deliver them to the helpdesk. */
  files?: AttachmentFiles;
}

/**
 * The relay's stored attachments, as an adapter sees them. An adapter uploads the bytes where the helpdesk keeps
 * files (a Slack thread, Zendesk's uploads API, an e-mail attachment), or, where it cannot, passes a signed URL.
 */
export interface AttachmentFiles {
  /** The stored bytes (images already stripped of EXIF location). */
  read(attachment: Attachment): Promise<Uint8Array>;
  /** An address that reads the file without a token, signed and expiring (for the generic webhook). */
  signedUrl(attachment: Attachment): Promise<string>;
}

/**
 * A file an agent attached in the helpdesk. The adapter knows how to download it (Slack's `url_private` with the
 * bot token, Zendesk's `content_url`, an e-mail part); the relay calls `download` once, decides the type by the
 * content, strips EXIF location and stores it like a visitor's upload, refusing what a visitor could not send.
 */
export interface InboundAttachment {
  name: string;
  /** The type the helpdesk claims; informative only. */
  contentType?: string;
  /** The size the helpdesk claims, when known, so an oversized file is refused before it is downloaded. */
  size?: number;
  download(): Promise<Uint8Array>;
}

export interface CloseOptions {
  /** Why it closed, shown to the agent, e.g. "The customer closed the chat." */
  reason?: string;
}

export interface InboundResult {
  events: InboundEvent[];
  /** A response the helpdesk expects (a challenge echo); when absent the relay answers 200 `{ "ok": true }`. */
  response?: Response;
}

interface InboundEventBase {
  /** The `HandoffTicket.id` this event belongs to. */
  ticketId: string;
  /**
   * Identifies this event across the helpdesk's retries and replays (Slack's event_id, a Zendesk comment id).
   * The relay applies an event only if it has not stored this key (scoped by adapter name) before.
   */
  dedupeKey: string;
}

/** A person in the helpdesk took the conversation; the widget shows their name. */
export interface AgentJoinedEvent extends InboundEventBase {
  type: 'agent-joined';
  agent: Author;
}

/** A person answered; the text goes to the widget as an `agent` message. */
export interface AgentReplyEvent extends InboundEventBase {
  type: 'agent-reply';
  agent: Author;
  /** May be empty when the reply is only attachments. */
  text: string;
  attachments?: InboundAttachment[];
}

/** The helpdesk closed or solved the conversation; the widget shows the rating prompt. */
export interface ClosedEvent extends InboundEventBase {
  type: 'closed';
  /** Who closed it, when the helpdesk says. */
  agent?: Author;
}

/**
 * A person judged whether the handoff was needed (a Slack reaction, a Zendesk tag). The relay records it in its
 * audit log as a label for the escalation policy; the conversation itself does not change.
 */
export interface HandoffReviewEvent extends InboundEventBase {
  type: 'handoff-review';
  verdict: 'needed' | 'not_needed';
  agent?: Author;
}

export type InboundEvent = AgentJoinedEvent | AgentReplyEvent | ClosedEvent | HandoffReviewEvent;
export type InboundEventType = InboundEvent['type'];

/** How long the relay keeps applied dedupe keys: longer than any helpdesk retries a delivery (Slack: ~1 hour). */
export const DEDUPE_KEY_TTL_SECONDS = 24 * 60 * 60;

/** Signature windows: a signed request older or newer than this is stale and refused (Slack's documented 5 minutes). */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 5 * 60;
