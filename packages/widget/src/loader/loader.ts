/**
 * The loader: about a kilobyte that every page view pays for, instead of the whole widget.
 * It defines `Tandem('command', ...args)` at once (calls wait in a queue), draws a placeholder launcher that looks
 * exactly like the real one, and fetches the full bundle when the visitor shows intent (pointer over, focus on or
 * a touch of the launcher, `Tandem('open')`), or, with `data-prefetch="idle"`, when the browser is idle.
 * Written in plain DOM for size: no imports but the launcher's icon, shared with the widget.
 */
import type { TandemQueue } from '../embed/queue.ts';
import { CHAT_ICON_PATH } from '../ui/launcher-icon.ts';

type Options = Record<string, unknown> & { theme?: Record<string, unknown> };

const win = window as unknown as { Tandem?: TandemQueue; requestIdleCallback?: typeof requestIdleCallback };
const doc = document;
const script = doc.currentScript as HTMLScriptElement | null;
const data = script?.dataset ?? {};
const previous = win.Tandem;
const queue: TandemQueue = (...args: unknown[]) => {
  queue.q?.push(args);
  // `on` gives back the function that stops listening, as it will once the widget is here: an `off` queued after
  // the `on` (replayed in order), or the widget's own `off` once it has taken over `Tandem`.
  return args[0] === 'on' ? () => win.Tandem?.('off', args[1], args[2]) : undefined;
};

// A second copy of the loader (or the bundle already here) changes nothing.
if (!previous?.loaded) {
  queue.q = previous?.q ?? [];
  queue.loaded = true;
  queue.l = data;
  win.Tandem = queue;
  const bundle = data.tandemBundle ?? `${new URL('tandem.js', script?.src ?? location.href)}`;
  let requested = false;
  let host: HTMLElement | undefined;
  const load = () => {
    if (requested) return;
    requested = true;
    // Keeps working under a nonce-based Content-Security-Policy.
    const nonce = script?.nonce ?? '';
    doc.head.append(
      Object.assign(doc.createElement('script'), { async: true, src: bundle, nonce }),
      // The panel's chunk is fetched beside the bundle, not after it: the bundle runs it once the chat opens.
      Object.assign(doc.createElement('link'), {
        rel: 'preload',
        as: 'script',
        href: new URL('tandem-panel.js', bundle),
        nonce,
      }),
    );
  };
  const { q } = queue;
  const push = q.push.bind(q);
  // Commands that need the widget on screen load it at once.
  const loadFor = (items: unknown[][]) => items.some((item) => /^(open|toggle|sendM)/.test(`${item[0]}`)) && load();
  q.push = (...items: unknown[][]) => {
    const length = push(...items);
    loadFor(items);
    draw();
    return length;
  };
  loadFor(q);

  // data-prefetch="idle": the bundle as soon as the browser has nothing else to do (where it can tell).
  if (data.prefetch) win.requestIdleCallback?.(load);

  /** The options as the widget will see them: data-* attributes, then the boot and hide/showLauncher commands queued so far. */
  const current = () => {
    const options: Options = { ...data, theme: { ...data } };
    for (const [command, value = {}] of q) {
      const given = value as Options;
      if (command === 'boot') Object.assign(options, given, { theme: { ...options.theme, ...given.theme } });
      if (/^(hide|show)Launcher$/.test(`${command}`)) options.hideLauncher = command === 'hideLauncher';
    }
    // data-hide-launcher="" and "true", or true from code.
    return /^(true|)$/.test(`${options.hideLauncher}`) ? 0 : options;
  };

  /**
   * White or dark text on the brand colour, whichever contrasts more: ui/contrast.ts's rule (white up to a relative
   * luminance of 0.2, against #111827), with the sRGB curve taken as a 2.2 power to stay small; the colour is read
   * from one painted pixel, so any CSS colour works.
   */
  const textOn = (color: string) => {
    const context = new OffscreenCanvas(1, 1).getContext('2d') as OffscreenCanvasRenderingContext2D;
    context.fillStyle = color;
    context.fillRect(0, 0, 1, 1);
    const [red = 0, green = 0, blue = 0] = context.getImageData(0, 0, 1, 1).data;
    // 39393 is 0.2 × 255^2.2: the threshold on the unscaled channels.
    return 0.2126 * red ** 2.2 + 0.7152 * green ** 2.2 + 0.0722 * blue ** 2.2 > 39393 ? '#111827' : '#fff';
  };

  /** Draws (or redraws, or removes) the placeholder: the real launcher's size, colour, icon, corner and shadow. */
  const draw = () => {
    if (!doc.body || win.Tandem !== queue) return;
    const options = current();
    host?.remove();
    if (!options) return;
    host = doc.createElement('tandem-launcher');
    const root = host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    const theme = options.theme as Record<string, string | undefined>;
    // Values go into our own sheet: nothing that could end a declaration passes.
    const safe = (value: unknown) => (value && !/[;{}<\\]/.test(`${value}`) ? value : undefined);
    const primary = safe(theme.primaryColor) as string | undefined;
    const scheme = options.colorScheme;
    // The real launcher's rules (ui/styles.ts), its default colours in both schemes (light-dark follows "auto").
    sheet.replaceSync(
      `button{position:fixed;bottom:${safe(options.offsetY) ?? 20}px;${options.position === 'left' ? 'left' : 'right'}:${safe(options.offsetX) ?? 20}px;` +
        `z-index:${safe(theme.zIndex) ?? 2147483e3};display:flex;align-items:center;justify-content:center;gap:8px;` +
        `min-width:56px;min-height:56px;padding:14px;border:0;border-radius:999px;` +
        `box-shadow:0 6px 24px rgb(0 0 0/.2);font:600 15px/1.45 system-ui;cursor:pointer;` +
        (primary
          ? `background:${primary};color:${textOn(primary)}`
          : `color-scheme:${scheme === 'dark' || scheme === 'light' ? scheme : 'light dark'};background:light-dark(#4338ca,#a5b4fc);color:light-dark(#fff,#111827)`) +
        '}svg{width:26px;height:26px;fill:currentColor}img{width:24px;height:24px}span{padding-inline-end:6px}',
    );
    root.adoptedStyleSheets = [sheet];
    const button = doc.createElement('button');
    // Built as elements, never as markup: the icon address is only ever an attribute value.
    const icon = `${options.launcherIcon}`;
    const namespace = 'http://www.w3.org/2000/svg';
    let image: Element;
    if (/^(https?:|data:image\/)/.test(icon)) image = Object.assign(doc.createElement('img'), { src: icon });
    else {
      image = doc.createElementNS(namespace, 'svg');
      image.setAttribute('viewBox', '0 0 24 24');
      image.append(doc.createElementNS(namespace, 'path'));
      image.lastElementChild?.setAttribute('d', CHAT_ICON_PATH);
    }
    button.append(image);
    const text = options.launcherText as string | undefined;
    if (text) button.append(Object.assign(doc.createElement('span'), { textContent: text }));
    else button.ariaLabel = 'Open chat';
    button.onpointerenter = button.onfocus = button.ontouchstart = load;
    button.onclick = () => queue('open');
    root.append(button);
    doc.body.append(host);
  };
  draw();
  doc.addEventListener('DOMContentLoaded', draw);
}
