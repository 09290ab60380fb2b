import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ChatController } from '../core/controller.ts';
import type { Register } from '../i18n/en.ts';
import {
  directionOf,
  hasCatalog,
  languagesOf,
  loadCatalog,
  resolveLocale,
  type Strings,
  translator,
  type Wording,
} from '../i18n/index.ts';
import { LocalizationContext } from './i18n-context.ts';
import { Launcher } from './launcher.tsx';
import { loadPanel, type PanelModule } from './load-panel.ts';
import type { ThemeOptions } from './theme.ts';
import { useSlice } from './use-slice.ts';

/** What the UI reads from the resolved widget options; every field has a localised default. */
export interface UiOptions {
  title?: string | undefined;
  greeting?: string | undefined;
  placeholder?: string | undefined;
  launcherText?: string | undefined;
  /** An image address for the launcher icon. */
  launcherIcon?: string | undefined;
  position?: 'left' | 'right' | undefined;
  strings?: Record<string, Strings> | undefined;
  register?: Register | Record<string, Register> | undefined;
  assistantName?: string | undefined;
  assistantAvatar?: string | undefined;
  teamAvatars?: string[] | undefined;
  replyTime?: 'minutes' | 'hours' | 'day' | undefined;
  openingHours?: string | undefined;
}

export interface AppProps {
  controller: ChatController;
  options: UiOptions & ThemeOptions;
}

/**
 * The widget as every page has it: the launcher, and the panel's frame. The panel itself (transcript, composer,
 * banner, forms, markdown) is a separate chunk fetched when the visitor shows intent (pointer over or focus on the
 * launcher, a touch) or opens the chat, or when there is a conversation to show. State comes from the controller's
 * signal through computed slices, so a streamed word re-renders the one bubble it belongs to, not this component.
 */
export function App({ controller, options }: AppProps) {
  const open = useSlice(controller, (state) => state.open);
  const launcherVisible = useSlice(controller, (state) => state.launcherVisible);
  const unreadCount = useSlice(controller, (state) => state.unreadCount);
  const hasConversation = useSlice(controller, (state) => state.messages.length > 0);
  const requestedLocale = useSlice(controller, (state) => state.locale);
  // The controller's locale may be one we have no words for ("ja"): then the page's lang, the browser's
  // language and English are tried in turn, so the text and the time formats always agree.
  const locale = useMemo(
    () => resolveLocale(requestedLocale, languagesOf(options.strings)),
    [requestedLocale, options.strings],
  );
  const catalogReady = useCatalog(locale);
  const wording = useMemo(() => wordingOf(options), [options]);
  const localization = useMemo(
    () => ({ locale, direction: directionOf(locale), t: translator(locale, wording) }),
    [locale, wording, catalogReady],
  );
  const [panel, requestPanel] = usePanel();
  if (open || hasConversation) requestPanel();

  const rootRef = useRef<HTMLDivElement>(null);
  const launcherRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);
  // Opened by the page at load (openOnLoad): the text box does not take focus away from the page.
  const openedAtLoad = useRef(open);
  if (!open) openedAtLoad.current = false;
  const returnFocus = useRef(false);
  // A mouse or touch opening focuses the text box without drawing a ring around it; the keyboard brings rings back.
  const [pointerOpened, setPointerOpened] = useState(false);
  // Read before the panel is hidden: afterwards the focused element is gone and the browser forgets it.
  if (wasOpen.current && !open) returnFocus.current = focusIsInside(rootRef.current?.querySelector('.panel'));

  // A layout effect, so focus lands in the same frame the panel hides: never a frame with focus on nothing.
  useLayoutEffect(() => {
    if (!open && returnFocus.current) launcherRef.current?.focus();
    returnFocus.current = false;
    wasOpen.current = open;
  }, [open]);

  useEffect(() => {
    if (open && unreadCount > 0) controller.markRead();
  }, [open, unreadCount, controller]);

  // The panel's styles arrive with its code, as one more constructable sheet of the shadow root.
  useEffect(() => {
    const root = rootRef.current?.getRootNode();
    if (panel && root instanceof ShadowRoot) root.adoptedStyleSheets = [...root.adoptedStyleSheets, panel.sheet()];
  }, [panel]);

  // Until the first catalog arrives nothing is drawn, so a Spanish visitor never sees English flash by.
  // A later locale change keeps the widget on screen in the old words until the new ones are there.
  const drawn = useRef(false);
  if (catalogReady) drawn.current = true;
  if (!drawn.current) return null;

  const { direction } = localization;
  return (
    <LocalizationContext.Provider value={localization}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: Escape is caught here for every control inside, the panel's and the launcher's. */}
      <div
        ref={rootRef}
        // The corner is the page's, not the language's: in Arabic the launcher stays where it was when the panel opens.
        class={`root ${options.position === 'left' ? 'left' : 'right'}${open ? ' open' : ''}${pointerOpened ? ' pointer' : ''}`}
        lang={locale}
        onKeyDown={(event) => {
          if (event.key === 'Tab') setPointerOpened(false);
          if (event.key === 'Escape' && open) {
            event.stopPropagation();
            controller.close();
          }
        }}
      >
        {panel || open ? (
          <section
            id="tandem-panel"
            class="panel"
            part="panel"
            role="dialog"
            aria-labelledby="tandem-title"
            aria-busy={!panel}
            hidden={!open}
            dir={direction}
          >
            {panel ? (
              <panel.Panel controller={controller} options={options} open={open} autoFocus={!openedAtLoad.current} />
            ) : (
              <h2 id="tandem-title" class="sr-only">
                {localization.t('title')}
              </h2>
            )}
          </section>
        ) : null}
        {launcherVisible ? (
          <Launcher
            open={open}
            unreadCount={unreadCount}
            text={localization.t('launcherText') || undefined}
            iconUrl={options.launcherIcon}
            buttonRef={launcherRef}
            direction={direction}
            onIntent={requestPanel}
            onToggle={(byPointer) => {
              setPointerOpened(byPointer);
              controller.toggle();
            }}
          />
        ) : null}
        {panel ? <panel.LiveRegion controller={controller} /> : null}
      </div>
    </LocalizationContext.Provider>
  );
}

/** The merchant's words: per-locale strings over the options that set one text for every locale. */
function wordingOf(options: UiOptions): Wording {
  const everywhere: Strings = {};
  const set = (key: keyof Strings, value: string | undefined) => {
    if (value) everywhere[key] = value;
  };
  set('title', options.title);
  set('greeting', options.greeting);
  set('placeholder', options.placeholder);
  set('launcherText', options.launcherText);
  set('assistant', options.assistantName);
  set('openingHours', options.openingHours);
  return {
    register: options.register,
    strings: { ...options.strings, '*': { ...everywhere, ...options.strings?.['*'] } },
  };
}

/** The panel's chunk: undefined until loaded; the request starts it (once) and is safe to call during render. */
function usePanel(): [PanelModule | undefined, () => void] {
  const [panel, setPanel] = useState<PanelModule | undefined>(undefined);
  const requested = useRef(false);
  const request = useRef(() => {
    if (requested.current) return;
    requested.current = true;
    void loadPanel().then(setPanel, (error: unknown) => {
      requested.current = false;
      console.error('[tandem] the chat panel could not be loaded.', error);
    });
  });
  return [panel, request.current];
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

function focusIsInside(element: Element | null | undefined): boolean {
  const active = (element?.getRootNode() as Partial<DocumentOrShadowRoot> | undefined)?.activeElement;
  return !!element && !!active && element.contains(active);
}
