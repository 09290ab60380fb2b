/**
 * The widget's whole stylesheet, adopted by the shadow root: it cannot leak out, and constructable
 * stylesheets need no 'unsafe-inline' under a Content-Security-Policy.
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
  --tandem-focus: #1d4ed8;
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
.header { display: flex; align-items: center; gap: 10px; padding: 12px 12px 12px 16px; background: var(--tandem-primary); color: var(--tandem-on-primary); }
.header h2 { flex: 1; margin: 0; font-size: 16px; font-weight: 700; }
.header :focus-visible { outline-color: currentColor; }
.icon-button { border: 0; background: transparent; color: inherit; font-size: 22px; line-height: 1; padding: 6px 10px; border-radius: 8px; }
.banner { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 10px 16px; border-bottom: 1px solid var(--tandem-border); font-size: 13px; color: var(--tandem-muted); }
.banner p { margin: 0; flex: 1 1 12em; }
.banner.human { color: var(--tandem-agent-accent); }
.banner.warning { color: var(--tandem-danger); }
.secondary {
  border: 1px solid var(--tandem-primary); border-radius: 999px; padding: 6px 12px; background: var(--tandem-surface);
  color: var(--tandem-primary); font-size: 13px; font-weight: 600;
}
.form { display: flex; flex-direction: column; gap: 6px; width: 100%; }
.form label { font-weight: 600; color: var(--tandem-text); }
.form input, .form textarea, .composer textarea {
  width: 100%; border: 1px solid var(--tandem-border); border-radius: 10px; padding: 8px 10px; background: var(--tandem-surface); resize: none;
}
.form input[aria-invalid="true"] { border-color: var(--tandem-danger); }
.error { color: var(--tandem-danger); margin: 0; }
.primary { align-self: flex-start; border: 0; border-radius: 10px; padding: 8px 16px; background: var(--tandem-primary); color: var(--tandem-on-primary); font-weight: 600; }
.rating-form { border: 0; margin: 0; padding: 0; min-width: 0; }
.rating-form legend { padding: 0; margin-bottom: 4px; }
.rating { display: flex; gap: 4px; }
.rating button { min-width: 36px; min-height: 36px; }
.log-wrap { position: relative; flex: 1; min-height: 0; display: flex; flex-direction: column; }
.log { flex: 1; overflow-y: auto; margin: 0; padding: 16px; list-style: none; display: flex; flex-direction: column; gap: 10px; }
.message { display: flex; align-items: flex-end; gap: 8px; max-width: 88%; }
.bubble { min-width: 0; padding: 10px 14px; border-radius: var(--tandem-radius); overflow-wrap: anywhere; }
.bubble p, .bubble ul, .bubble ol { margin: 0 0 6px; }
.bubble > div > :last-child { margin-bottom: 0; }
.bubble ul, .bubble ol { padding-inline-start: 20px; }
.bubble code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; padding: 1px 4px; border-radius: 4px; background: rgb(127 127 127 / 0.18); }
.bubble a { color: inherit; text-decoration: underline; }
.text { white-space: pre-wrap; }
.message.visitor { align-self: flex-end; }
.message.visitor .bubble { background: var(--tandem-visitor-bubble); color: var(--tandem-on-visitor-bubble); }
.message.assistant, .message.agent { align-self: flex-start; }
.message.assistant .bubble { background: var(--tandem-assistant-bubble); }
.message.agent .bubble { background: var(--tandem-agent-bubble); border-inline-start: 4px solid var(--tandem-agent-accent); }
.author { display: block; font-size: 12px; font-weight: 700; margin-bottom: 2px; color: var(--tandem-muted); }
.message.agent .author { color: var(--tandem-agent-accent); }
.avatar {
  flex: none; width: 32px; height: 32px; border-radius: 50%; display: grid; place-items: center;
  background: var(--tandem-agent-accent); color: var(--tandem-surface); font-weight: 700; overflow: hidden;
}
.avatar img { width: 100%; height: 100%; object-fit: cover; }
.message.system { align-self: center; max-width: 100%; }
.message.system .bubble { padding: 4px 8px; color: var(--tandem-muted); font-size: 13px; text-align: center; }
.greeting .bubble { background: var(--tandem-assistant-bubble); }
.meta { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-top: 4px; font-size: 12px; opacity: 0.85; }
.message.failed .bubble { outline: 2px solid var(--tandem-danger); }
.message.failed .meta { opacity: 1; }
.retry { border: 0; border-radius: 6px; padding: 2px 8px; background: var(--tandem-surface); color: var(--tandem-danger); font-weight: 700; }
.sources { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 6px; font-size: 12px; color: var(--tandem-muted); }
.source { border: 1px solid var(--tandem-border); border-radius: 999px; padding: 0 8px; }
.typing { margin: 0; padding: 0 16px 8px; font-size: 13px; color: var(--tandem-muted); }
.jump {
  position: absolute; bottom: 8px; left: 50%; transform: translateX(-50%);
  border: 0; border-radius: 999px; padding: 6px 14px; background: var(--tandem-text); color: var(--tandem-surface); font-size: 13px;
  box-shadow: 0 4px 12px rgb(0 0 0 / 0.25);
}
.composer { display: flex; gap: 8px; padding: 12px; border-top: 1px solid var(--tandem-border); }
.send { border: 0; border-radius: 10px; padding: 0 16px; background: var(--tandem-primary); color: var(--tandem-on-primary); font-weight: 600; }
@media (prefers-reduced-motion: no-preference) {
  .panel { animation: tandem-in 160ms ease-out; }
  .typing { animation: tandem-blink 1.6s infinite; }
}
@keyframes tandem-in { from { opacity: 0; transform: translateY(8px); } }
@keyframes tandem-blink { 50% { opacity: 0.55; } }
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
  --tandem-focus: #93c5fd;
`;
