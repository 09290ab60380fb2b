import { z } from 'zod';
import { DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from '../handoff-adapter.ts';
import { httpOptionsShape } from '../internal/options.ts';

export const slackHandoffOptionsSchema = z.object({
  ...httpOptionsShape,
  /** Bot token (xoxb-…) with chat:write, users:read, reactions:read, channels:history, and files:write + files:read for attachments. */
  botToken: z.string().min(1),
  /** The app's signing secret, for the Events API and slash commands. */
  signingSecret: z.string().min(1),
  /** Channel id (C…) where handoffs are posted, unless a routing rule names another. */
  channel: z.string().regex(/^[CGD][A-Z0-9]+$/, 'must be a Slack channel id such as C0123456789'),
  /** The bot's own user id, so its messages are never taken for an agent's. */
  botUserId: z.string().optional(),
  /** A reaction on the handoff message that closes the conversation. */
  closeReaction: z.string().min(1).default('white_check_mark'),
  /** A reaction on the handoff message that tells the customer a person has joined. */
  joinReaction: z.string().min(1).default('eyes'),
  /** A reaction on the handoff message marking the handoff as needed (a label for the escalation policy). */
  neededReaction: z.string().min(1).default('+1'),
  /** A reaction on the handoff message marking the handoff as not needed: the assistant could have answered. */
  notNeededReaction: z.string().min(1).default('-1'),
  /** Slash command that closes: `/tandem-close <thread id>` as shown on the handoff message. */
  closeCommand: z
    .string()
    .regex(/^\/[a-z0-9_-]+$/)
    .default('/tandem-close'),
  /** Look for an earlier post with the same idempotency key before posting (needs channels:history). */
  deduplicateOpen: z.boolean().default(true),
  toleranceSeconds: z.number().int().positive().default(DEFAULT_SIGNATURE_TOLERANCE_SECONDS),
});
export type SlackHandoffOptions = z.input<typeof slackHandoffOptionsSchema>;
export type ResolvedSlackOptions = z.output<typeof slackHandoffOptionsSchema>;

/** Slack posts are matched to a handoff through message metadata of this event type. */
export const SLACK_METADATA_EVENT_TYPE = 'tandem_handoff';
