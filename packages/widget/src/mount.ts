import { h, render } from 'preact';
import { ChatController } from './core/controller.ts';
import type { WidgetOptions } from './options.ts';
import { App } from './ui/app.tsx';
import { WIDGET_CSS } from './ui/styles.ts';

export interface MountedWidget {
  controller: ChatController;
  host: HTMLElement;
  unmount(): void;
}

/** Adds the widget to the page inside its own shadow root. */
export function mount(options: WidgetOptions): MountedWidget {
  const host = document.createElement('tandem-chat');
  const shadow = host.attachShadow({ mode: 'open' });
  adoptStyles(shadow, WIDGET_CSS);
  document.body.appendChild(host);
  const controller = new ChatController({
    relayUrl: options.relayUrl,
    ...(options.siteId ? { siteId: options.siteId } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
  });
  render(h(App, { controller, options }), shadow);
  return {
    controller,
    host,
    unmount() {
      render(null, shadow);
      controller.destroy();
      host.remove();
    },
  };
}

/** Constructable stylesheets are not inline styles, so a strict style-src policy still allows them. */
function adoptStyles(shadow: ShadowRoot, css: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  shadow.adoptedStyleSheets = [sheet];
}
