import { useEffect, useState } from 'preact/hooks';
import type { ChatState } from '../core/chat-state.ts';
import type { ChatController } from '../core/controller.ts';

/** The controller's state as Preact state: re-renders on every change. */
export function useChatState(controller: ChatController): ChatState {
  const [state, setState] = useState(controller.getState());
  useEffect(() => controller.subscribe(setState), [controller]);
  return state;
}
