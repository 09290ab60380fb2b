export {
  createTandemApi,
  type TandemApi,
  type TandemEventHandler,
  type TandemEventMap,
  type TandemEventName,
} from './api.ts';
export type { ChatMessage, ChatMessageStatus, ChatState, HandoffState } from './core/chat-state.ts';
export { ChatController, type ChatControllerOptions } from './core/controller.ts';
export { createIdbStorage, type IdbStorageOptions } from './core/storage/idb-storage.ts';
export { createMemoryStorage } from './core/storage/memory-storage.ts';
export type { WidgetStorage } from './core/storage/storage.ts';
export type { TabChannel, TabMessage } from './core/tabs/tab-channel.ts';
export { RelayClient, RelayRequestError } from './core/transport/relay-client.ts';
export { ServerSentEventParser } from './core/transport/sse-parser.ts';
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
