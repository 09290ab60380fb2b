import { hasVisibleText, type Identity } from '@tandem/protocol';
import type { ChatMessage, ChatState, HandoffState } from './core/chat-state.ts';
import { type MountedWidget, mount } from './mount.ts';
import type { WidgetOptions } from './options.ts';

/** What each event hands its listeners. */
export interface TandemEventMap {
  /** The widget is mounted and its stored conversation is restored. */
  ready: { conversationId: string | undefined };
  open: undefined;
  close: undefined;
  /** A message reached its final form: a visitor message the relay stored, a whole answer, an agent reply. */
  message: ChatMessage;
  'unread-count': number;
  handoff: HandoffState;
}
export type TandemEventName = keyof TandemEventMap;
export type TandemEventHandler<E extends TandemEventName> = (payload: TandemEventMap[E]) => void;

/** The JavaScript API: `Tandem('open')` through the loader, or these methods through npm. */
export interface TandemApi {
  boot(options: WidgetOptions): void;
  open(): void;
  close(): void;
  toggle(): void;
  showLauncher(): void;
  hideLauncher(): void;
  identify(identity: Identity): void;
  setLocale(locale: string): void;
  sendMessage(text: string): void;
  on<E extends TandemEventName>(event: E, handler: TandemEventHandler<E>): () => void;
  /** Stops a handler given to `on` (what the function `on` returns does too). */
  off<E extends TandemEventName>(event: E, handler: TandemEventHandler<E>): void;
  /** Moves the launcher at run time, e.g. above a cookie bar: `setLauncherOffset({ y: 96 })`, pixels from the edges. */
  setLauncherOffset(offset: { x?: number; y?: number }): void;
  /** Removes the widget and deletes its session, transcript and outbox from this browser. */
  shutdown(): Promise<void>;
}

const EVENTS: readonly TandemEventName[] = ['ready', 'open', 'close', 'message', 'unread-count', 'handoff'];

/**
 * Creates the API object. Calls made before `boot` wait and run right after it, so the order in which
 * a page queues commands does not matter. No method ever throws into the host page: mistakes are logged.
 */
export function createTandemApi(): TandemApi {
  let widget: MountedWidget | undefined;
  let waiting: (() => void)[] = [];
  const handlers = new Map<TandemEventName, Set<(payload: never) => void>>();

  const emit = <E extends TandemEventName>(event: E, payload: TandemEventMap[E]) => {
    for (const handler of handlers.get(event) ?? []) {
      try {
        (handler as TandemEventHandler<E>)(payload);
      } catch (error) {
        console.error(`[tandem] a "${event}" handler threw:`, error);
      }
    }
  };

  const whenBooted =
    <A extends unknown[]>(action: (widget: MountedWidget, ...args: A) => void) =>
    (...args: A) => {
      if (widget) action(widget, ...args);
      else waiting.push(() => widget && action(widget, ...args));
    };

  const api: TandemApi = {
    boot(options) {
      if (widget) {
        console.error('[tandem] boot was called twice; call shutdown first to boot with other options.');
        return;
      }
      const mounted = mount(options);
      if (!mounted) return;
      widget = mounted;
      const { controller } = mounted;
      watch(controller.getState(), controller.subscribe.bind(controller), emit);
      void controller.ready.then(() => {
        if (widget === mounted) emit('ready', { conversationId: controller.conversationId });
      });
      const queued = waiting;
      waiting = [];
      for (const run of queued) run();
    },
    open: whenBooted((w) => w.controller.open()),
    close: whenBooted((w) => w.controller.close()),
    toggle: whenBooted((w) => w.controller.toggle()),
    showLauncher: whenBooted((w) => w.controller.setLauncherVisible(true)),
    hideLauncher: whenBooted((w) => w.controller.setLauncherVisible(false)),
    identify: whenBooted((w, identity: Identity) => {
      if (
        typeof identity !== 'object' ||
        identity === null ||
        typeof identity.userId !== 'string' ||
        !identity.userId
      ) {
        console.error('[tandem] identify needs an object with a userId, e.g. identify({ userId: "42", userHash }).');
        return;
      }
      void w.controller.identify(identity);
    }),
    setLocale: whenBooted((w, locale: string) => w.controller.setLocale(locale)),
    sendMessage: whenBooted((w, text: string) => {
      if (typeof text !== 'string' || !hasVisibleText(text)) {
        console.error('[tandem] sendMessage needs some text.');
        return;
      }
      void w.controller.send(text);
    }),
    on(event, handler) {
      if (!EVENTS.includes(event) || typeof handler !== 'function') {
        console.error(
          `[tandem] on: "${String(event)}" is not an event (${EVENTS.join(', ')}) or the handler is not a function.`,
        );
        return () => {};
      }
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(handler as (payload: never) => void);
      return () => api.off(event, handler);
    },
    off(event, handler) {
      handlers.get(event)?.delete(handler as (payload: never) => void);
    },
    setLauncherOffset: whenBooted((w, offset: { x?: number; y?: number }) => w.setLauncherOffset(offset)),
    async shutdown() {
      waiting = [];
      const current = widget;
      widget = undefined;
      if (current) await current.shutdown();
    },
  };
  return api;
}

/** Turns state changes into the public events. Messages restored from storage are not announced again. */
function watch(
  initial: ChatState,
  subscribe: (listener: (state: ChatState) => void) => () => void,
  emit: <E extends TandemEventName>(event: E, payload: TandemEventMap[E]) => void,
): void {
  let previous = initial;
  const announced = new Set<string>();
  subscribe((state) => {
    if (!previous.ready && state.ready) {
      for (const message of state.messages.filter(isFinal)) announced.add(message.clientMessageId ?? message.id);
    }
    if (state.open !== previous.open) emit(state.open ? 'open' : 'close', undefined);
    if (state.unreadCount !== previous.unreadCount) emit('unread-count', state.unreadCount);
    if (state.handoff.status !== previous.handoff.status || state.handoff.agent !== previous.handoff.agent) {
      emit('handoff', state.handoff);
    }
    for (const message of state.messages) {
      const key = message.clientMessageId ?? message.id;
      if (isFinal(message) && !announced.has(key)) {
        announced.add(key);
        emit('message', message);
      }
    }
    previous = state;
  });
}

function isFinal(message: ChatMessage): boolean {
  return message.status === 'sent' || message.status === 'complete' || message.status === 'incomplete';
}
