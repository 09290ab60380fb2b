import { h, render } from 'preact';
import { ChatController } from './core/controller.ts';
import { type ResolvedWidgetOptions, resolveOptions, type WidgetOptions } from './options.ts';
import { App } from './ui/app.tsx';
import { WIDGET_CSS } from './ui/styles.ts';
import { createThemeSheets } from './ui/theme.ts';

export interface MountedWidget {
  controller: ChatController;
  host: HTMLElement;
  options: ResolvedWidgetOptions;
  /** Removes the widget and keeps the stored conversation (it comes back on the next mount). */
  unmount(): void;
  /** Removes the widget and deletes its session, transcript and outbox from this browser. */
  shutdown(): Promise<void>;
}

/**
 * Adds the widget to the page inside its own shadow root. Bad options are logged and replaced by their
 * defaults; without a usable relayUrl nothing is mounted and undefined is returned. Never throws.
 */
export function mount(options: WidgetOptions): MountedWidget | undefined {
  try {
    const resolved = resolveOptions(options);
    if (!resolved) return undefined;
    return mountResolved(resolved);
  } catch (error) {
    console.error('[tandem] the chat could not start:', error);
    return undefined;
  }
}

function mountResolved(options: ResolvedWidgetOptions): MountedWidget {
  const host = document.createElement('tandem-chat');
  const shadow = host.attachShadow({ mode: 'open' });
  // Constructable stylesheets are not inline styles, so a strict style-src policy still allows them.
  shadow.adoptedStyleSheets = createThemeSheets(WIDGET_CSS, options);
  document.body.appendChild(host);
  const controller = new ChatController({
    relayUrl: options.relayUrl,
    locale: options.locale,
    open: options.openOnLoad,
    launcherVisible: !options.hideLauncher,
    ...(options.siteId ? { siteId: options.siteId } : {}),
    ...(options.identity ? { identity: options.identity } : {}),
  });
  render(h(App, { controller, options }), shadow);
  const remove = () => {
    render(null, shadow);
    host.remove();
  };
  return {
    controller,
    host,
    options,
    unmount() {
      controller.destroy();
      remove();
    },
    async shutdown() {
      remove();
      await controller.shutdown();
    },
  };
}
