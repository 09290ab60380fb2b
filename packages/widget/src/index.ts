export type { ChatMessage, ChatMessageStatus, ChatState } from './core/chat-state.ts';
export { ChatController, type ChatControllerOptions } from './core/controller.ts';
export { RelayClient, RelayRequestError } from './core/relay-client.ts';
export { ServerSentEventParser } from './core/sse-parser.ts';
export { type MountedWidget, mount } from './mount.ts';
export type { WidgetOptions } from './options.ts';
