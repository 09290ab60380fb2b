import { h, render } from 'preact';
import { ChatController } from './core/controller.ts';
import { type ResolvedWidgetOptions, resolveOptions, type WidgetOptions } from './options.ts';
import { App } from './ui/app.tsx';
import { loadAttachments } from './ui/attach/load-attachments.ts';
import { WIDGET_CSS } from './ui/styles.ts';
import { createSheet, themeCss } from './ui/theme.ts';

export interface MountedWidget {
  controller: ChatController;
  host: HTMLElement;
  options: ResolvedWidgetOptions;
  /** Removes the widget and keeps the stored conversation (it comes back on the next mount). */
  unmount(): void;
  /** Removes the widget and deletes its session, transcript and outbox from this browser. */
  shutdown(): Promise<void>;
  /** Moves the launcher (and the panel above it) at run time, e.g. above a cookie bar; pixels from the edges. */
  setLauncherOffset(offset: { x?: number; y?: number }): void;
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
  const themeSheet = createSheet(themeCss(options, (message) => console.warn(`[tandem] ${message}`)));
  shadow.adoptedStyleSheets = [createSheet(WIDGET_CSS), themeSheet];
  document.body.appendChild(host);
  const controller = new ChatController({
    relayUrl: options.relayUrl,
    locale: options.locale,
    open: options.openOnLoad,
    launcherVisible: !options.hideLauncher,
    loadUploader: loadAttachments,
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
    setLauncherOffset(offset) {
      const valid = (value: unknown) =>
        typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 2000;
      if (typeof offset !== 'object' || offset === null || ![offset.x, offset.y].some(valid)) {
        console.error('[tandem] setLauncherOffset needs { x, y } in pixels between 0 and 2000, e.g. { y: 96 }.');
        return;
      }
      if (valid(offset.x)) options.offsetX = offset.x as number;
      if (valid(offset.y)) options.offsetY = offset.y as number;
      themeSheet.replaceSync(themeCss(options));
    },
  };
}
