/**
 * The loader: a few hundred bytes that every page view pays for, instead of the whole widget.
 * It defines `Tandem('command', ...args)` at once (calls wait in a queue), shows a lightweight launcher,
 * and fetches the full bundle when the browser is idle after the page has loaded, or at once when the
 * visitor clicks the launcher or the page calls Tandem('open'). Written in plain DOM for size: no imports.
 */
import type { TandemQueue } from '../embed/queue.ts';

const win = window as unknown as { Tandem?: TandemQueue; requestIdleCallback?: typeof requestIdleCallback };
const doc = document;
const script = doc.currentScript as HTMLScriptElement | null;
const data = script?.dataset ?? {};
// The stub may already exist from the inline snippet; keep its queue.
const queue: TandemQueue =
  win.Tandem ??
  ((...args: unknown[]) => {
    queue.q?.push(args);
  });
queue.q ??= [];
win.Tandem = queue;

if (!queue.loaded) {
  queue.loaded = true;
  queue.l = { ...data };
  const bundle = data.tandemBundle ?? new URL('tandem.js', script?.src ?? location.href).href;
  let requested = false;
  const load = () => {
    if (requested) return;
    requested = true;
    const element = doc.createElement('script');
    element.async = true;
    element.src = bundle;
    // Keeps working under a nonce-based Content-Security-Policy.
    if (script?.nonce) element.nonce = script.nonce;
    doc.head.appendChild(element);
  };
  const push = queue.q.push.bind(queue.q);
  // Commands that need the widget on screen now do not wait for idle time.
  queue.q.push = (...items: unknown[][]) => {
    const length = push(...items);
    if (items.some((item) => /^(open|toggle|sendMessage)$/.test(String(item[0])))) load();
    return length;
  };
  if (queue.q.some((item) => /^(open|toggle|sendMessage)$/.test(String(item[0])))) load();

  const idle = () =>
    win.requestIdleCallback ? win.requestIdleCallback(load, { timeout: 3000 }) : setTimeout(load, 200);
  if (doc.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });

  if (data.hideLauncher !== 'true' && data.hideLauncher !== '') {
    const placeholder = () => {
      const host = doc.createElement('tandem-launcher');
      const root = host.attachShadow({ mode: 'open' });
      const sheet = new CSSStyleSheet();
      const side = data.position === 'left' ? 'left' : 'right';
      const color = data.primaryColor && CSS.supports('color', data.primaryColor) ? data.primaryColor : '#1f5fbf';
      const offset = (value: string | undefined) => (/^\d{1,4}$/.test(value ?? '') ? value : '20');
      sheet.replaceSync(
        `button{position:fixed;bottom:${offset(data.offsetY)}px;${side}:${offset(data.offsetX)}px;z-index:2147483000;` +
          `min-width:56px;height:56px;padding:0 16px;border:0;border-radius:28px;background:${color};color:#fff;font:600 24px/1 sans-serif;cursor:pointer}`,
      );
      root.adoptedStyleSheets = [sheet];
      const button = doc.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-label', data.launcherText ?? 'Open chat');
      button.textContent = data.launcherText ?? '\u{1F4AC}';
      button.onclick = () => {
        button.disabled = true;
        queue('open');
      };
      root.append(button);
      doc.body.append(host);
    };
    if (doc.body) placeholder();
    else doc.addEventListener('DOMContentLoaded', placeholder, { once: true });
  }
}
