export interface PageLifecycleHandlers {
  online(): void;
  offline(): void;
  /** The tab became visible again: a good moment to reconnect without waiting. */
  visible(): void;
  /** The tab was hidden or the page is going away: the last moment to save reliably. */
  leaving(): void;
}

/** Listens to the browser events the chat reacts to; returns a function that stops listening. */
export function watchPageLifecycle(handlers: PageLifecycleHandlers): () => void {
  if (typeof window === 'undefined' || typeof document === 'undefined') return () => {};
  const visibility = () => (document.visibilityState === 'visible' ? handlers.visible() : handlers.leaving());
  const windowEvents: [string, () => void][] = [
    ['online', handlers.online],
    ['offline', handlers.offline],
    ['pagehide', handlers.leaving],
  ];
  for (const [name, handler] of windowEvents) window.addEventListener(name, handler);
  document.addEventListener('visibilitychange', visibility);
  return () => {
    for (const [name, handler] of windowEvents) window.removeEventListener(name, handler);
    document.removeEventListener('visibilitychange', visibility);
  };
}
