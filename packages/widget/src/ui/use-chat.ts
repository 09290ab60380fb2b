import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatState } from '../core/chat-state.ts';
import type { ChatController } from '../core/controller.ts';

/**
 * One slice of the controller's state; the component re-renders only when that slice changes (by identity).
 * A streamed token changes `messages`, so the message log re-renders and the banner, header and composer do
 * not. This is what @preact/signals' computed values would give, without its 2.8 KB gzipped (measured).
 */
export function useChat<T>(controller: ChatController, select: (state: ChatState) => T): T {
  const [value, setValue] = useState(() => select(controller.getState()));
  const selectRef = useRef(select);
  selectRef.current = select;
  useEffect(() => {
    const update = (state: ChatState) => {
      const next = selectRef.current(state);
      setValue((current) => (Object.is(current, next) ? current : next));
    };
    // Anything that changed between the first render and this subscription is picked up here.
    update(controller.getState());
    return controller.subscribe(update);
  }, [controller]);
  return value;
}
