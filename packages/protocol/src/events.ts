import { z } from 'zod';
import { conversationModeSchema } from './conversation.ts';
import { authorSchema, messageSchema } from './message.ts';

const eventBase = {
  /** Per-conversation, strictly increasing; the SSE `id:` line and the `Last-Event-ID` to resume from. */
  id: z.number().int().nonnegative(),
  createdAt: z.string(),
};

export const messageEventSchema = z.object({
  ...eventBase,
  type: z.literal('message'),
  message: messageSchema,
});

/** A piece of an assistant answer still being written; the `message` event with the same id carries the whole text. */
export const messageDeltaEventSchema = z.object({
  ...eventBase,
  type: z.literal('message-delta'),
  messageId: z.string(),
  delta: z.string(),
});

export const typingEventSchema = z.object({
  ...eventBase,
  type: z.literal('typing'),
  role: z.enum(['assistant', 'agent']),
  typing: z.boolean(),
  author: authorSchema.optional(),
});

export const modeEventSchema = z.object({
  ...eventBase,
  type: z.literal('mode'),
  mode: conversationModeSchema,
});

export const handoffStatusSchema = z.enum(['requested', 'connected', 'unavailable', 'failed']);
export type HandoffStatus = z.infer<typeof handoffStatusSchema>;

export const handoffEventSchema = z.object({
  ...eventBase,
  type: z.literal('handoff'),
  status: handoffStatusSchema,
  reasons: z.array(z.string()).optional(),
  agent: authorSchema.optional(),
  /** Expected wait in seconds, when the helpdesk can tell. */
  expectedWaitSeconds: z.number().nonnegative().optional(),
});

export const errorEventSchema = z.object({
  ...eventBase,
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  /** Set when a streamed answer was cut off: its deltas so far must not be shown as a complete answer. */
  messageId: z.string().optional(),
});

export const conversationEventSchema = z.discriminatedUnion('type', [
  messageEventSchema,
  messageDeltaEventSchema,
  typingEventSchema,
  modeEventSchema,
  handoffEventSchema,
  errorEventSchema,
]);

export type ConversationEvent = z.infer<typeof conversationEventSchema>;
export type ConversationEventType = ConversationEvent['type'];
export type EventOfType<T extends ConversationEventType> = Extract<ConversationEvent, { type: T }>;
/** An event before the store has given it an id and a time. */
export type NewConversationEvent = ConversationEvent extends infer E
  ? E extends ConversationEvent
    ? Omit<E, 'id' | 'createdAt'>
    : never
  : never;

export const CONVERSATION_EVENT_TYPES = conversationEventSchema.options.map(
  (option) => option.shape.type.value,
) as ConversationEventType[];
