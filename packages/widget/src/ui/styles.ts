/**
 * The widget's stylesheet for what every page shows (tokens, the launcher, the panel's frame), adopted by the
 * shadow root: it cannot leak out, and constructable stylesheets need no 'unsafe-inline' under a
 * Content-Security-Policy. What is inside the panel is styled by `panel-styles.ts`, which arrives with the panel.
 *
 * Public tokens (`--tandem-*`) are declared on `:host`, so a merchant's own CSS on `tandem-chat` wins over
 * them, and `theme.ts` overrides them from options. Layout lives on `.root`, never on the host element,
 * because a host page rule such as `* { all: unset }` reaches the host element but not the shadow tree.
 */
export const WIDGET_CSS = `
:host {
  --tandem-primary: #4338ca;
  --tandem-on-primary: #fff;
  --tandem-surface: #fff;
  --tandem-text: #1f2937;
  --tandem-muted: #4b5563;
  --tandem-border: #d1d5db;
  --tandem-visitor-bubble: var(--tandem-primary);
  --tandem-on-visitor-bubble: var(--tandem-on-primary);
  --tandem-assistant-bubble: #f3f4f6;
  --tandem-agent-bubble: #ecfdf5;
  --tandem-agent-accent: #047857;
  --tandem-danger: #b91c1c;
  --tandem-focus: var(--tandem-primary);
  --tandem-radius: 16px;
  --tandem-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --tandem-font-size: 15px;
  --tandem-z-index: 2147483000;
  --tandem-offset-x: 20px;
  --tandem-offset-y: 20px;
  --tandem-panel-width: 380px;
  --tandem-panel-height: 600px;
}
.root {
  all: initial;
  position: fixed; bottom: var(--tandem-offset-y); right: var(--tandem-offset-x); z-index: var(--tandem-z-index);
  display: flex; flex-direction: column; align-items: flex-end; gap: 12px;
  font: var(--tandem-font-size)/1.45 var(--tandem-font); color: var(--tandem-text);
}
.root.left { right: auto; left: var(--tandem-offset-x); align-items: flex-start; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, input, textarea { font: inherit; color: inherit; margin: 0; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid var(--tandem-focus); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.launcher {
  position: relative; display: flex; align-items: center; justify-content: center; gap: 8px;
  border: 0; border-radius: 999px; padding: 14px; min-width: 56px; min-height: 56px;
  background: var(--tandem-primary); color: var(--tandem-on-primary);
  box-shadow: 0 6px 24px rgb(0 0 0 / 0.2); font-weight: 600;
}
.launcher svg { width: 26px; height: 26px; fill: currentColor; flex: none; }
.launcher > span:not(.sr-only):not(.badge) { padding-inline-end: 6px; }
.launcher img { width: 24px; height: 24px; object-fit: contain; }
.badge {
  position: absolute; top: -6px; inset-inline-end: -6px; min-width: 22px; height: 22px; padding: 0 6px;
  border-radius: 11px; background: var(--tandem-danger); color: var(--tandem-surface); font-size: 12px; line-height: 22px; text-align: center;
}
.panel {
  display: flex; flex-direction: column;
  width: var(--tandem-panel-width); height: min(var(--tandem-panel-height), calc(100vh - 120px));
  background: var(--tandem-surface); color: var(--tandem-text);
  border-radius: var(--tandem-radius); box-shadow: 0 12px 48px rgb(0 0 0 / 0.25); overflow: hidden;
}
@media (prefers-reduced-motion: no-preference) {
  .panel { animation: tandem-in 160ms ease-out; }
}
@keyframes tandem-in { from { opacity: 0; transform: translateY(8px); } }
@media (max-width: 640px) {
  .root.open { inset: 0; }
  .open .panel { position: fixed; inset: 0; width: 100%; height: 100%; border-radius: 0; }
  .open .launcher { display: none; }
}
`;

/** Colours for a dark page; `theme.ts` applies them always (scheme "dark") or when the system asks (scheme "auto"). */
export const DARK_TOKENS = `
  --tandem-primary: #a5b4fc;
  --tandem-on-primary: #111827;
  --tandem-surface: #111827;
  --tandem-text: #f3f4f6;
  --tandem-muted: #d1d5db;
  --tandem-border: #4b5563;
  --tandem-assistant-bubble: #1f2937;
  --tandem-agent-bubble: #052e2b;
  --tandem-agent-accent: #6ee7b7;
  --tandem-danger: #fca5a5;
`;
