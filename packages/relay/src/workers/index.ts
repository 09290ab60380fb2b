export { TandemConversation } from './conversation-object.ts';
export {
  createDurableObjectStore,
  type DurableObjectStore,
  type DurableObjectStoreOptions,
} from './durable-object-store.ts';
export type {
  DurableObjectNamespaceLike,
  DurableObjectStateLike,
  DurableObjectStorageLike,
  DurableObjectStubLike,
} from './durable-object-types.ts';
export {
  createWorkersHandler,
  EnvironmentError,
  type WorkersBindings,
  type WorkersExecutionContext,
  type WorkersFetchable,
  type WorkersHandler,
  type WorkersHandlerOptions,
} from './handler.ts';

import { createWorkersHandler } from './handler.ts';

/**
 * The relay configured entirely by bindings (`TANDEM_SECRET`, `TANDEM_ALLOWED_ORIGINS`, `TANDEM_KNOWLEDGE`, ...).
 * Bind a `TANDEM_CONVERSATIONS` Durable Object namespace (class `TandemConversation`, re-exported from your entry)
 * to keep conversations correct across isolates.
 */
export default createWorkersHandler();
