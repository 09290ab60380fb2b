import type { ConversationEvent } from '@tandem/protocol';
import type { Redis } from 'ioredis';

/** One local subscription: hears the events published for its conversation, and when it must read to catch up. */
export interface LiveFollower {
  events(events: readonly ConversationEvent[]): void;
  /** The subscriber connection was lost and is back: anything published meanwhile was missed. */
  resync(): void;
}

/**
 * Live fan-out across instances on ONE subscriber connection per process: a conversation's channel is subscribed
 * while at least one local stream follows it and unsubscribed when the last one leaves, however many streams that
 * is. Pub/sub delivers at most once, so a follower is told to re-read from the stream after every reconnect, and
 * fills any gap it notices in the ids itself; the stream, not pub/sub, is the record.
 */
export class LiveEvents {
  private readonly channels = new Map<string, { followers: Set<LiveFollower>; subscribed: Promise<unknown> }>();
  private connectedBefore = false;

  constructor(
    private readonly subscriber: Redis,
    private readonly channelOf: (conversationId: string) => string,
    private readonly whenReady: () => Promise<void>,
  ) {
    subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    subscriber.on('ready', () => {
      if (this.connectedBefore) void this.afterReconnect();
      this.connectedBefore = true;
    });
  }

  /** Starts following a conversation; resolves once its channel is subscribed. Returns the function that stops. */
  async follow(conversationId: string, follower: LiveFollower): Promise<() => void> {
    const channel = this.channelOf(conversationId);
    let entry = this.channels.get(channel);
    if (!entry) {
      entry = { followers: new Set(), subscribed: this.whenReady().then(() => this.subscriber.subscribe(channel)) };
      this.channels.set(channel, entry);
    }
    const current = entry;
    current.followers.add(follower);
    try {
      await current.subscribed;
    } catch (error) {
      this.leave(channel, current, follower);
      if (this.channels.get(channel) === current) this.channels.delete(channel);
      throw error;
    }
    return () => this.leave(channel, current, follower);
  }

  /** Local followers and subscribed channels, for statistics. */
  counts(): { followers: number; channels: number } {
    let followers = 0;
    for (const entry of this.channels.values()) followers += entry.followers.size;
    return { followers, channels: this.channels.size };
  }

  // --- internal ---

  private leave(channel: string, entry: { followers: Set<LiveFollower> }, follower: LiveFollower): void {
    entry.followers.delete(follower);
    if (entry.followers.size > 0 || this.channels.get(channel) !== entry) return;
    this.channels.delete(channel);
    // Commands on one connection run in order: a later follow of the same channel subscribes after this.
    this.subscriber.unsubscribe(channel).catch(() => undefined);
  }

  private dispatch(channel: string, message: string): void {
    const entry = this.channels.get(channel);
    if (!entry) return;
    let events: ConversationEvent[];
    try {
      events = JSON.parse(message) as ConversationEvent[];
    } catch {
      return;
    }
    for (const follower of entry.followers) follower.events(events);
  }

  /**
   * ioredis subscribes the channels again when it reconnects; a PING on the same connection returns after those
   * subscriptions are confirmed, and only then do followers re-read, so nothing falls between the two.
   */
  private async afterReconnect(): Promise<void> {
    try {
      await this.subscriber.ping();
    } catch {
      return; // lost again: the next 'ready' comes back here
    }
    for (const entry of this.channels.values()) for (const follower of entry.followers) follower.resync();
  }
}
