import { computed } from '@preact/signals-core';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ChatState } from '../core/chat-state.ts';
import type { ChatController } from '../core/controller.ts';

/**
 * One slice of the controller's state signal, as a computed signal: the component re-renders only when that slice
 * changes (by identity). A streamed word changes `messages`, so the message log re-renders and the banner, header
 * and launcher do not; each message is kept as the same object unless it changed, so one bubble re-renders.
 *
 * The core of @preact/signals (signals-core), subscribed here in a few lines: its Preact integration, which would
 * let components read `.value` directly, costs 1.5 KB gzipped more for every visitor (measured with esbuild).
 */
export function useSlice<T>(controller: ChatController, select: (state: ChatState) => T): T {
  const selectRef = useRef(select);
  selectRef.current = select;
  const slice = useMemo(() => computed(() => selectRef.current(controller.state.value)), [controller]);
  const [value, setValue] = useState(() => slice.peek());
  // subscribe() calls back at once with the current value: a change between render and effect is not missed.
  useEffect(() => slice.subscribe((next) => setValue(() => next)), [slice]);
  return value;
}
