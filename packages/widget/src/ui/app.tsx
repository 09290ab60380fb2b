import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ChatController } from '../core/controller.ts';
import { directionOf, hasCatalog, loadCatalog, resolveLocale, translator } from '../i18n/index.ts';
import { Composer } from './composer.tsx';
import { LocalizationContext } from './i18n-context.ts';
import { Launcher } from './launcher.tsx';
import { LiveRegion } from './live-region.tsx';
import { MessageLog } from './message-log.tsx';
import { ModeBanner } from './mode-banner.tsx';
import type { ThemeOptions } from './theme.ts';
import { useChat } from './use-chat.ts';

/** What the UI reads from the resolved widget options; every field has a localised default. */
export interface UiOptions {
  title?: string | undefined;
  greeting?: string | undefined;
  placeholder?: string | undefined;
  launcherText?: string | undefined;
  /** An image address for the launcher icon. */
  launcherIcon?: string | undefined;
  position?: 'left' | 'right' | undefined;
}

export interface AppProps {
  controller: ChatController;
  options: UiOptions & ThemeOptions;
}

/**
 * The whole widget: launcher, panel and the screen-reader announcer. It renders from the controller's
 * state and changes nothing itself; every action is a controller call.
 */
export function App({ controller, options }: AppProps) {
  // Each slice is its own subscription: a streamed token changes `messages` only, so this component
  // (banner, header, composer) does not re-render for it; the message log does.
  const open = useChat(controller, (state) => state.open);
  const launcherVisible = useChat(controller, (state) => state.launcherVisible);
  const unreadCount = useChat(controller, (state) => state.unreadCount);
  // The controller's locale may be one we have no words for ("ja"): then the page's lang, the browser's
  // language and English are tried in turn, so the text and the time formats always agree.
  const requestedLocale = useChat(controller, (state) => state.locale);
  const locale = useMemo(() => resolveLocale(requestedLocale), [requestedLocale]);
  const mode = useChat(controller, (state) => state.mode);
  const handoff = useChat(controller, (state) => state.handoff);
  const contact = useChat(controller, (state) => state.contact);
  const rating = useChat(controller, (state) => state.rating);
  const offline = useChat(controller, (state) => state.offline || state.connection === 'offline');
  const catalogReady = useCatalog(locale);
  const localization = useMemo(() => ({ locale, t: translator(locale) }), [locale, catalogReady]);
  const { t } = localization;

  const launcherRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const wasOpen = useRef(open);
  const returnFocus = useRef(false);
  // Read before the panel is hidden: afterwards the focused element is gone and the browser forgets it.
  if (wasOpen.current && !open) returnFocus.current = focusIsInside(panelRef.current);

  // A layout effect, so focus lands in the same frame the panel hides: never a frame with focus on nothing.
  useLayoutEffect(() => {
    if (open && !wasOpen.current) inputRef.current?.focus();
    if (!open && returnFocus.current) launcherRef.current?.focus();
    returnFocus.current = false;
    wasOpen.current = open;
  }, [open]);

  useEffect(() => {
    if (open && unreadCount > 0) controller.markRead();
  }, [open, unreadCount, controller]);

  // Until the first catalog arrives nothing is drawn, so a Spanish visitor never sees English flash by.
  // A later locale change keeps the widget on screen in the old words until the new ones are there.
  const drawn = useRef(false);
  if (catalogReady) drawn.current = true;
  if (!drawn.current) return null;

  return (
    <LocalizationContext.Provider value={localization}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: Escape is caught here for every control inside, the panel's and the launcher's. */}
      <div
        class={`root ${options.position === 'left' ? 'left' : 'right'}${open ? ' open' : ''}`}
        dir={directionOf(locale)}
        lang={locale}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && open) {
            event.stopPropagation();
            controller.close();
          }
        }}
      >
        <section
          id="tandem-panel"
          class="panel"
          part="panel"
          role="dialog"
          aria-labelledby="tandem-title"
          hidden={!open}
          ref={panelRef}
        >
          <header class="header" part="header">
            <h2 id="tandem-title">{options.title ?? t('title')}</h2>
            <button type="button" class="icon-button" part="close" onClick={() => controller.close()}>
              <span aria-hidden="true">×</span>
              <span class="sr-only">{t('closeChat')}</span>
            </button>
          </header>
          <ModeBanner
            mode={mode}
            handoff={handoff}
            contact={contact}
            rating={rating}
            offline={offline}
            onRequestHandoff={() => void controller.requestHandoff()}
            onContact={(email, message) => void controller.sendContact(email, message)}
            onRate={(score) => void controller.rate(score)}
            onEnd={() => void controller.endConversation()}
          />
          <MessageLog
            controller={controller}
            greeting={options.greeting}
            open={open}
            onRetry={(clientMessageId) => void controller.retry(clientMessageId)}
          />
          <Composer
            placeholder={options.placeholder}
            inputRef={inputRef}
            onSend={(text) => void controller.send(text)}
          />
        </section>
        {launcherVisible ? (
          <Launcher
            open={open}
            unreadCount={unreadCount}
            text={options.launcherText}
            iconUrl={options.launcherIcon}
            buttonRef={launcherRef}
            onToggle={() => controller.toggle()}
          />
        ) : null}
        <LiveRegion controller={controller} />
      </div>
    </LocalizationContext.Provider>
  );
}

/** Loads the locale's catalog; false until it is there (or failed, when English shows). */
function useCatalog(locale: string): boolean {
  const [loaded, setLoaded] = useState(() => hasCatalog(locale));
  useEffect(() => {
    let current = true;
    if (hasCatalog(locale)) setLoaded(true);
    else {
      setLoaded(false);
      void loadCatalog(locale).then(() => current && setLoaded(true));
    }
    return () => {
      current = false;
    };
  }, [locale]);
  return loaded;
}

function focusIsInside(element: HTMLElement | null): boolean {
  const active = (element?.getRootNode() as Partial<DocumentOrShadowRoot> | undefined)?.activeElement;
  return !!element && !!active && element.contains(active);
}
