import { effect, type ReadonlySignal, type Signal, signal } from '@preact/signals-core';
import type { ConversationEvent, Identity } from '@tandem/protocol';
import { applyEvent, arrivesUnread } from './apply-event.ts';
import { type ChatAttachment, type ChatState, initialChatState } from './chat-state.ts';
import { isLanguageTag } from './language-tag.ts';
import { Outbox, type OutboxEntry } from './outbox/outbox.ts';
import { OutboxSender } from './outbox/outbox-sender.ts';
import { watchPageLifecycle } from './page-lifecycle.ts';
import {
  fromTranscript,
  SESSION_KEY,
  type StoredSession,
  type StoredTranscript,
  sessionUsable,
  TRANSCRIPT_KEY,
  toTranscript,
} from './session/session.ts';
import { TokenRefresher } from './session/token-refresher.ts';
import { TranscriptWriter } from './session/transcript-writer.ts';
import { createIdbStorage, indexedDbAvailable } from './storage/idb-storage.ts';
import { createMemoryStorage } from './storage/memory-storage.ts';
import type { WidgetStorage } from './storage/storage.ts';
import { createBroadcastTabChannel, electLeader, type TabChannel, type TabMessage } from './tabs/tab-channel.ts';
import { ReconnectingStream } from './transport/reconnecting-stream.ts';
import { RelayClient } from './transport/relay-client.ts';
import { withDelivered, withoutConversation, withQueued, withStatus } from './visitor-messages.ts';

export interface ChatControllerOptions {
  relayUrl: string;
  siteId?: string;
  /** BCP 47 tag sent to the relay and shown in `state.locale`. */
  locale?: string;
  identity?: Identity;
  /** Start with the panel open. */
  open?: boolean;
  launcherVisible?: boolean;
  fetch?: typeof fetch;
  /** Default: IndexedDB (idb-keyval) where available, else memory. */
  storage?: WidgetStorage;
  /** Default: a BroadcastChannel per site; `null` turns multi-tab sync off. */
  channel?: TabChannel | null;
  /** Default: `navigator.locks`; `null` makes this tab the outbox sender without an election. */
  locks?: LockManager | null;
  /** First wait before the outbox is tried again after the relay could not be reached. Default 1 s. */
  retryDelayMs?: number;
  /**
   * The code that uploads attachments, fetched when a queued message first carries files (mount passes the
   * lazily loaded `ui/attach` chunk). Without it, a message with files is refused.
   */
  loadUploader?: () => Promise<AttachmentUploader>;
}

/** Uploads the files of an outbox entry; resolves with the relay's attachment ids, in order. */
export interface AttachmentUploader {
  upload(controller: ChatController, session: StoredSession, entry: OutboxEntry): Promise<string[]>;
}

/** What the attachments' code needs to read and upload files: the relay, the current token, the stored bytes. */
export interface FileAccess {
  relayUrl: string;
  token: string | undefined;
  storage: WidgetStorage;
  /** The fetch given in the options, if any (tests, a proxy); the browser's XMLHttpRequest otherwise, for progress. */
  fetch: typeof fetch | undefined;
}

/**
 * The chat without any UI. Owns the session, the transcript, the outbox and the event stream, keeps
 * them in storage, and keeps the tabs of one site showing one conversation. The UI renders `getState()`
 * and calls the methods below; nothing else changes the state.
 */
export class ChatController {
  /** Resolves once the stored session, transcript and outbox have been read. */
  readonly ready: Promise<void>;
  /**
   * The state as a signal (@preact/signals-core, no Preact in it): the UI reads slices of it through computed values,
   * so a component re-renders only when its slice changes. `subscribe` is the same state for code without signals.
   */
  readonly #state: Signal<ChatState>;
  readonly #unsubscribes = new Set<() => void>();
  readonly #client: RelayClient;
  readonly #storage: WidgetStorage;
  readonly #outbox: Outbox;
  readonly #channel: TabChannel | undefined;
  readonly #namespace: string;
  readonly #cleanups: (() => void)[] = [];
  #identity: Identity | undefined;
  #session: StoredSession | undefined;
  #creatingSession: Promise<StoredSession> | undefined;
  #stream: ReconnectingStream | undefined;
  #lastEventId = 0;
  #leader = false;
  readonly #sender: OutboxSender;
  readonly #refresher: TokenRefresher;
  readonly #transcript: TranscriptWriter;
  #stopped = false;

  readonly #options: ChatControllerOptions;

  constructor(options: ChatControllerOptions) {
    this.#options = options;
    this.#namespace = `${options.relayUrl.replace(/\/+$/, '')}|${options.siteId ?? 'default'}`;
    this.#identity = options.identity;
    this.#client = new RelayClient({ relayUrl: options.relayUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
    this.#storage =
      options.storage ??
      (indexedDbAvailable() ? createIdbStorage({ namespace: this.#namespace }) : createMemoryStorage());
    this.#outbox = new Outbox(this.#storage);
    this.#sender = new OutboxSender({
      outbox: this.#outbox,
      client: this.#client,
      session: () => this.#ensureSession(),
      ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
      onDelivered: (clientMessageId, message) => {
        this.#changeMessages(withDelivered(this.#current, clientMessageId, message));
        this.#channel?.post({ type: 'delivered', clientMessageId, message });
      },
      onRefused: (clientMessageId, code) => {
        this.#changeMessages(withStatus(this.#current, clientMessageId, 'failed', code));
        this.#channel?.post({ type: 'failed', clientMessageId, code });
      },
      upload: (session, entry) =>
        (this.#options.loadUploader?.() ?? Promise.reject(new Error('no uploader'))).then((uploader) =>
          uploader.upload(this, session, entry),
        ),
      onConversationLost: async () => {
        await this.#forgetConversation();
        this.#channel?.post({ type: 'session' });
      },
    });
    this.#refresher = new TokenRefresher({
      client: this.#client,
      storage: this.#storage,
      current: () => this.#session,
      onRefreshed: (session, byAnotherTab) => {
        this.#session = session;
        if (!byAnotherTab) this.#channel?.post({ type: 'session' });
      },
    });
    this.#transcript = new TranscriptWriter({
      storage: this.#storage,
      snapshot: () =>
        this.#session ? toTranscript(this.#session.conversationId, this.#lastEventId, this.#current) : undefined,
    });
    this.#channel =
      options.channel === null
        ? undefined
        : (options.channel ?? createBroadcastTabChannel(`tandem:${this.#namespace}`));
    this.#state = signal({
      ...initialChatState,
      ...(options.locale ? { locale: options.locale } : {}),
      open: options.open ?? false,
      launcherVisible: options.launcherVisible ?? true,
      offline: typeof navigator !== 'undefined' && navigator.onLine === false,
    });
    this.ready = this.#restore().catch((error: unknown) => {
      console.error('[tandem] could not read the stored conversation; starting afresh.', error);
      this.#setState({ ...this.#current, ready: true });
    });
  }

  /** For the attachments' code (ui/attach): where files go and what reads them. */
  files(): FileAccess {
    return {
      relayUrl: this.#options.relayUrl,
      token: this.#session?.token,
      storage: this.#storage,
      fetch: this.#options.fetch,
    };
  }

  /** The relay's id for the current conversation, once there is one. */
  get conversationId(): string | undefined {
    return this.#session?.conversationId;
  }

  /** The whole state as a read-only signal; read `.value` inside a computed or a component to follow it. */
  get state(): ReadonlySignal<ChatState> {
    return this.#state;
  }

  getState(): ChatState {
    return this.#current;
  }

  get #current(): ChatState {
    return this.#state.peek();
  }

  /** Calls the listener with every later state (not the current one); returns the function that stops it. */
  subscribe(listener: (state: ChatState) => void): () => void {
    let first = true;
    const dispose = effect(() => {
      const state = this.#state.value;
      if (first) first = false;
      else listener(state);
    });
    const unsubscribe = () => {
      dispose();
      this.#unsubscribes.delete(unsubscribe);
    };
    this.#unsubscribes.add(unsubscribe);
    return unsubscribe;
  }

  /**
   * Shows the message at once and queues it in the stored outbox; the leader tab sends it as soon as
   * the relay can be reached. Resolves once it is queued, not once it is delivered. Files go with it as
   * `attachments` whose bytes are already stored under `file:<clientAttachmentId>` (the attachments' code does that).
   */
  async send(text: string, attachments?: ChatAttachment[]): Promise<void> {
    const trimmed = text.trim();
    if ((!trimmed && !attachments?.length) || this.#stopped) return;
    await this.ready;
    const entry: OutboxEntry = {
      clientMessageId: createClientMessageId(),
      text: trimmed,
      createdAt: now(),
      ...(attachments?.length && { attachments }),
    };
    this.#setState(withQueued(this.#current, entry));
    await this.#outbox.add(entry);
    this.#channel?.post({ type: 'queued', entry });
    this.#requestFlush();
  }

  /** Sends a failed message again, under the same clientMessageId so it can never arrive twice. */
  async retry(clientMessageId: string): Promise<void> {
    const message = this.#current.messages.find((m) => m.clientMessageId === clientMessageId && m.status === 'failed');
    if (!message || this.#stopped) return;
    this.#changeMessages(withStatus(this.#current, clientMessageId, 'sending'));
    const entry: OutboxEntry = {
      clientMessageId,
      text: message.text,
      createdAt: message.createdAt,
      ...(message.attachments && { attachments: message.attachments }),
    };
    await this.#outbox.add(entry);
    this.#channel?.post({ type: 'queued', entry });
    this.#sender.resetBackoff();
    this.#requestFlush();
  }

  /** Asks for a person. The relay answers with handoff and mode events; a failure shows as status 'failed'. */
  async requestHandoff(note?: string): Promise<void> {
    const previous = this.#current.handoff;
    this.#setState({ ...this.#current, handoff: { ...previous, status: 'requested' } });
    try {
      const session = await this.#ensureSession();
      await this.#client.requestHandoff(session.conversationId, session.token, note ? { note } : {});
    } catch {
      this.#setState({ ...this.#current, handoff: { ...this.#current.handoff, status: 'failed' } });
    }
  }

  /** Leaves an address for a reply when nobody is available. */
  async sendContact(email: string, message?: string): Promise<void> {
    this.#setState({ ...this.#current, contact: 'sending' });
    try {
      const session = await this.#ensureSession();
      const answer = await this.#client.sendContact(session.conversationId, session.token, {
        email,
        ...(message ? { message } : {}),
      });
      // Promise a reply only when the relay says a helpdesk has the address (protocol: ContactResponse).
      this.#setState({ ...this.#current, contact: answer.delivery === 'helpdesk' ? 'sent' : 'saved' });
    } catch {
      this.#setState({ ...this.#current, contact: 'failed' });
    }
    this.#transcript.schedule();
  }

  /**
   * Ends the chat for the visitor. The relay's mode event closes it here and brings the rating prompt; writing again
   * later opens it once more. Nothing happens before the first message: there is nothing to end.
   */
  async endConversation(): Promise<void> {
    const session = this.#session;
    if (!session || this.#current.mode === 'closed') return;
    try {
      await this.#client.close(session.conversationId, session.token);
    } catch {
      // Still open on the relay, and the banner still offers to end it: nothing is lost by trying again.
    }
  }

  /** Rates the conversation 1–5. On failure the rating stays 'requested' so the visitor can try again. */
  async rate(score: number, comment?: string): Promise<void> {
    const session = this.#session;
    if (!session) return;
    try {
      await this.#client.rate(session.conversationId, session.token, { score, ...(comment ? { comment } : {}) });
      this.#setState({ ...this.#current, rating: 'sent' });
      this.#transcript.schedule();
    } catch {
      this.#setState({ ...this.#current, rating: 'requested' });
    }
  }

  open(): void {
    this.#setState({ ...this.#current, open: true });
    this.markRead();
  }

  close(): void {
    this.#setState({ ...this.#current, open: false });
  }

  toggle(): void {
    if (this.#current.open) this.close();
    else this.open();
  }

  setLauncherVisible(visible: boolean): void {
    this.#setState({ ...this.#current, launcherVisible: visible });
  }

  /** Switches the language of the UI; a tag that is not BCP 47 is refused with one console error. */
  setLocale(locale: string): void {
    if (!isLanguageTag(locale)) {
      console.error(`[tandem] setLocale: "${String(locale)}" is not a language tag such as "en" or "pt-BR".`);
      return;
    }
    this.#setState({ ...this.#current, locale });
  }

  markRead(): void {
    if (this.#current.unreadCount === 0) return;
    this.#setState({ ...this.#current, unreadCount: 0 });
    this.#channel?.post({ type: 'read' });
    this.#transcript.schedule();
  }

  /**
   * Who the visitor is, sent when the conversation starts. A different user than the one who started the
   * stored conversation gets a fresh conversation: one customer never sees another's transcript.
   */
  async identify(identity: Identity): Promise<void> {
    await this.ready;
    this.#identity = identity;
    if (this.#session?.userId !== undefined && this.#session.userId !== identity.userId) {
      await this.#forgetConversation();
      this.#channel?.post({ type: 'session' });
    }
  }

  /** Ends the chat in this browser: stops the stream and deletes the session, transcript and outbox (files too). */
  async shutdown(): Promise<void> {
    this.#channel?.post({ type: 'reset' });
    this.destroy();
    const queued = await this.#outbox.list().catch(() => []);
    await Promise.all([
      this.#storage.delete(SESSION_KEY),
      this.#storage.delete(TRANSCRIPT_KEY),
      this.#outbox.clear(),
      ...queued
        .flatMap((entry) => entry.attachments ?? [])
        .map((file) => this.#storage.delete(`file:${file.clientAttachmentId}`)),
    ]).catch(() => {});
    this.#setState({ ...initialChatState, ready: true, launcherVisible: false });
    for (const unsubscribe of [...this.#unsubscribes]) unsubscribe();
  }

  /** Stops this controller and keeps everything stored (used when the widget is unmounted). */
  destroy(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#transcript.stop();
    this.#stream?.stop();
    this.#sender.stop();
    this.#refresher.stop();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#channel?.close();
  }

  // --- internal ---

  async #restore(): Promise<void> {
    const [session, transcript, queued] = await Promise.all([
      this.#storage.get<StoredSession>(SESSION_KEY),
      this.#storage.get<StoredTranscript>(TRANSCRIPT_KEY),
      this.#outbox.list(),
    ]);
    if (this.#stopped) return;
    if (session && sessionUsable(session)) {
      this.#session = session;
      if (transcript?.conversationId === session.conversationId) {
        this.#lastEventId = transcript.lastEventId;
        this.#state.value = { ...this.#current, ...fromTranscript(transcript) };
      }
    } else if (session) {
      await Promise.all([this.#storage.delete(SESSION_KEY), this.#storage.delete(TRANSCRIPT_KEY)]);
    }
    this.#setState({ ...this.#current, ready: true });
    for (const entry of queued) this.#setState(withQueued(this.#current, entry));
    this.#listen();
    if (this.#session) {
      this.#openStream(this.#session);
      this.#refresher.schedule();
    }
    this.#cleanups.push(
      electLeader(
        `tandem-outbox:${this.#namespace}`,
        this.#options.locks === null ? undefined : lockManager(this.#options),
        () => {
          this.#leader = true;
          void this.#sender.send();
        },
      ),
    );
  }

  #listen(): void {
    const unlisten = this.#channel?.listen((message) => void this.#hear(message));
    if (unlisten) this.#cleanups.push(unlisten);
    this.#cleanups.push(
      watchPageLifecycle({
        online: () => {
          this.#setState({ ...this.#current, offline: false });
          // A renewal the sleeping tab missed runs now, before the relay ends the stream of the expiring token.
          if (this.#session) this.#refresher.schedule();
          this.#stream?.reconnectNow();
          this.#sender.resetBackoff();
          this.#requestFlush();
        },
        offline: () =>
          this.#setState({
            ...this.#current,
            offline: true,
            connection: this.#current.connection === 'idle' ? 'idle' : 'offline',
          }),
        visible: () => {
          if (this.#session) this.#refresher.schedule();
          this.#stream?.reconnectNow();
        },
        leaving: () => this.#transcript.saveNow(),
      }),
    );
  }

  async #hear(message: TabMessage): Promise<void> {
    if (this.#stopped) return;
    switch (message.type) {
      case 'queued':
        this.#setState(withQueued(this.#current, message.entry));
        return;
      case 'flush':
        if (this.#leader) void this.#sender.send();
        return;
      case 'delivered':
        this.#changeMessages(withDelivered(this.#current, message.clientMessageId, message.message));
        return;
      case 'failed':
        this.#changeMessages(withStatus(this.#current, message.clientMessageId, 'failed', message.code));
        return;
      case 'read':
        this.#setState({ ...this.#current, unreadCount: 0 });
        return;
      case 'reset':
        this.destroy();
        this.#setState({ ...initialChatState, ready: true, launcherVisible: false });
        return;
      case 'session': {
        const stored = await this.#storage.get<StoredSession>(SESSION_KEY);
        if (stored?.conversationId === this.#session?.conversationId) {
          if (stored) this.#session = stored;
          this.#refresher.schedule();
          return;
        }
        this.#stream?.stop();
        this.#stream = undefined;
        this.#session = stored;
        this.#lastEventId = 0;
        this.#setState(withoutConversation(this.#current));
        if (stored) {
          this.#openStream(stored);
          this.#refresher.schedule();
        }
        return;
      }
    }
  }

  #requestFlush(): void {
    if (this.#leader) void this.#sender.send();
    else this.#channel?.post({ type: 'flush' });
  }

  async #ensureSession(): Promise<StoredSession> {
    if (this.#session) return this.#session;
    this.#creatingSession ??= this.#createSession().finally(() => {
      this.#creatingSession = undefined;
    });
    return this.#creatingSession;
  }

  async #createSession(): Promise<StoredSession> {
    // Another tab may have started the conversation a moment ago.
    const stored = await this.#storage.get<StoredSession>(SESSION_KEY);
    if (stored && sessionUsable(stored)) {
      await this.#hear({ type: 'session' });
      return stored;
    }
    const pageUrl = typeof location !== 'undefined' && /^https?:$/.test(location.protocol) ? location.href : undefined;
    const created = await this.#client.createConversation({
      ...(this.#options.siteId ? { siteId: this.#options.siteId } : {}),
      ...(isLanguageTag(this.#current.locale) ? { locale: this.#current.locale } : {}),
      ...(pageUrl && pageUrl.length <= 2000 ? { pageUrl } : {}),
      ...(this.#identity ? { identity: this.#identity } : {}),
    });
    const session: StoredSession = {
      conversationId: created.conversationId,
      token: created.token,
      expiresAt: created.expiresAt,
      issuedAt: now(),
      ...(this.#identity ? { userId: this.#identity.userId } : {}),
    };
    this.#session = session;
    this.#lastEventId = 0;
    await this.#storage.set(SESSION_KEY, session);
    this.#channel?.post({ type: 'session' });
    this.#openStream(session);
    this.#refresher.schedule();
    return session;
  }

  #openStream(session: StoredSession): void {
    this.#stream?.stop();
    if (this.#stopped) return;
    this.#stream = new ReconnectingStream({
      client: this.#client,
      conversationId: session.conversationId,
      token: () => this.#session?.token ?? session.token,
      lastEventId: this.#lastEventId,
      onEvent: (event) => this.#receive(event),
      onStatus: (status) => {
        // While the browser is offline, "reconnecting" says less than "offline".
        const connection = this.#current.offline && status !== 'open' ? 'offline' : status;
        this.#setState({ ...this.#current, connection });
        // The relay is reachable again: whatever waited in the outbox can go now.
        if (status === 'open' && this.#leader) {
          this.#sender.resetBackoff();
          void this.#sender.send();
        }
      },
      onFatal: () => {
        void this.#forgetConversation().then(() => this.#channel?.post({ type: 'session' }));
      },
    });
    this.#stream.start();
  }

  #receive(event: ConversationEvent): void {
    const next = applyEvent(this.#current, event);
    const unread = arrivesUnread(this.#current, event);
    this.#lastEventId = event.id;
    this.#setState(unread ? { ...next, unreadCount: next.unreadCount + 1 } : next);
    // Streamed pieces are saved in batches; anything else at once, since a reload may follow right away.
    if (event.type === 'message-delta') this.#transcript.schedule();
    else this.#transcript.saveNow();
  }

  /** Drops a conversation that can no longer be reached; messages still waiting stay queued for the next one. */
  async #forgetConversation(): Promise<void> {
    this.#stream?.stop();
    this.#stream = undefined;
    this.#session = undefined;
    this.#lastEventId = 0;
    this.#refresher.cancel();
    this.#setState(withoutConversation(this.#current));
    await Promise.all([this.#storage.delete(SESSION_KEY), this.#storage.delete(TRANSCRIPT_KEY)]);
  }

  /** A change to the visitor's messages, which the next transcript write carries. */
  #changeMessages(next: ChatState): void {
    this.#setState(next);
    this.#transcript.schedule();
  }

  #setState(next: ChatState): void {
    this.#state.value = next;
  }
}

function lockManager(options: ChatControllerOptions): LockManager | undefined {
  if (options.locks) return options.locks;
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined;
}

function now(): string {
  return new Date().toISOString();
}

function createClientMessageId(): string {
  return `c_${crypto.randomUUID().replace(/-/g, '')}`;
}
