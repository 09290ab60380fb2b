export {
  createTandemApi,
  type TandemApi,
  type TandemEventHandler,
  type TandemEventMap,
  type TandemEventName,
} from './api.ts';
export type { ChatMessage, ChatMessageStatus, ChatState, HandoffState } from './core/chat-state.ts';
export { ChatController, type ChatControllerOptions } from './core/controller.ts';
export { createIdbStorage, type IdbStorageOptions } from './core/idb-storage.ts';
export { createMemoryStorage } from './core/memory-storage.ts';
export { RelayClient, RelayRequestError } from './core/relay-client.ts';
export { ServerSentEventParser } from './core/sse-parser.ts';
export type { WidgetStorage } from './core/storage.ts';
export type { TabChannel, TabMessage } from './core/tab-channel.ts';
export type { TandemQueue } from './embed/queue.ts';
export { type MountedWidget, mount } from './mount.ts';
export {
  optionsFromDataset,
  type ResolvedTheme,
  type ResolvedWidgetOptions,
  resolveOptions,
  type ThemeTokens,
  type WidgetOptions,
} from './options.ts';
