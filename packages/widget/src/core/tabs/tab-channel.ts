import type { Message } from '@tandem/protocol';
import type { OutboxEntry } from '../outbox/outbox.ts';

/** What one tab tells the other tabs of the same site. */
export type TabMessage =
  /** The stored session changed (created, refreshed or dropped): read it again. */
  | { type: 'session' }
  /** A message was queued in another tab: show it as sending. */
  | { type: 'queued'; entry: OutboxEntry }
  /** Asks the leader to send the outbox now. */
  | { type: 'flush' }
  | { type: 'delivered'; clientMessageId: string; message: Message }
  | { type: 'failed'; clientMessageId: string; code?: string | undefined }
  | { type: 'read' }
  /** The visitor shut the chat down in another tab: forget everything here too. */
  | { type: 'reset' };

export interface TabChannel {
  post(message: TabMessage): void;
  listen(handler: (message: TabMessage) => void): () => void;
  close(): void;
}

/** Tabs of one origin talk through a BroadcastChannel; a tab never hears its own messages. */
export function createBroadcastTabChannel(name: string): TabChannel | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    listen(handler) {
      const listener = (event: MessageEvent<TabMessage>) => handler(event.data);
      channel.addEventListener('message', listener);
      return () => channel.removeEventListener('message', listener);
    },
    close: () => channel.close(),
  };
}

/**
 * Elects one tab to send the outbox, with the Web Locks API: the first tab holds the lock until it
 * closes, and the browser hands it to a waiting tab at once. Without Web Locks every tab is a leader;
 * that costs duplicate requests, never duplicate messages, since the relay stores each clientMessageId once.
 * Returns a function that gives the lock up.
 */
export function electLeader(name: string, locks: LockManager | undefined, onLeader: () => void): () => void {
  if (!locks) {
    onLeader();
    return () => {};
  }
  let release: (() => void) | undefined;
  const giveUp = new AbortController();
  locks
    .request(name, { signal: giveUp.signal }, () => {
      if (giveUp.signal.aborted) return undefined;
      onLeader();
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    })
    .catch(() => {});
  return () => {
    giveUp.abort();
    release?.();
  };
}
