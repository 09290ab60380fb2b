import type { ConversationStore } from '../store/store.ts';
import type { RelayMetrics } from './relay-metrics.ts';

/**
 * The same store, counting every message appended to any conversation by role — whoever appends it (the visitor
 * route, the assistant turn, the handoff runner). Other methods pass straight through.
 */
export function instrumentStore<Store extends ConversationStore>(store: Store, metrics: RelayMetrics): Store {
  const appendEvent: ConversationStore['appendEvent'] = async (conversationId, event) => {
    const stored = await store.appendEvent(conversationId, event);
    if (stored.type === 'message') metrics.messages.increment({ role: stored.message.role });
    return stored;
  };
  const transition: ConversationStore['transition'] = async (conversationId, request) => {
    const result = await store.transition(conversationId, request);
    for (const event of result?.events ?? []) {
      if (event.type === 'message') metrics.messages.increment({ role: event.message.role });
    }
    return result;
  };
  const accept = store.acceptVisitorMessage?.bind(store);
  const acceptVisitorMessage: ConversationStore['acceptVisitorMessage'] = accept
    ? async (conversationId, input) => {
        const outcome = await accept(conversationId, input);
        if (outcome.outcome === 'stored') metrics.messages.increment({ role: 'visitor' });
        return outcome;
      }
    : undefined;
  return new Proxy(store, {
    get(target, property) {
      if (property === 'appendEvent') return appendEvent;
      if (property === 'acceptVisitorMessage') return acceptVisitorMessage;
      if (property === 'transition') return transition;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
