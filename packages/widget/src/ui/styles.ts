/** The widget's whole stylesheet; adopted by the shadow root, so it neither leaks out nor needs 'unsafe-inline'. */
export const WIDGET_CSS = `
:host {
  all: initial;
  --tandem-primary: #4f46e5;
  --tandem-on-primary: #ffffff;
  --tandem-surface: #ffffff;
  --tandem-text: #1f2937;
  --tandem-muted: #4b5563;
  --tandem-visitor-bubble: var(--tandem-primary);
  --tandem-assistant-bubble: #f3f4f6;
  --tandem-radius: 16px;
  --tandem-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --tandem-z-index: 2147483000;
  position: fixed;
  right: 20px;
  bottom: 20px;
  z-index: var(--tandem-z-index);
  font: 15px/1.45 var(--tandem-font);
  color: var(--tandem-text);
}
*, *::before, *::after { box-sizing: border-box; }
button { font: inherit; cursor: pointer; }
:focus-visible { outline: 3px solid var(--tandem-primary); outline-offset: 2px; }
.launcher {
  display: flex; align-items: center; gap: 8px;
  margin-left: auto;
  border: 0; border-radius: 999px; padding: 14px 20px;
  background: var(--tandem-primary); color: var(--tandem-on-primary);
  box-shadow: 0 6px 24px rgb(0 0 0 / 0.2);
  font-weight: 600;
}
.panel {
  display: flex; flex-direction: column;
  width: 380px; height: min(600px, calc(100vh - 120px));
  margin-bottom: 12px;
  background: var(--tandem-surface);
  border-radius: var(--tandem-radius);
  box-shadow: 0 12px 48px rgb(0 0 0 / 0.25);
  overflow: hidden;
}
.panel[hidden] { display: none; }
.header {
  display: flex; align-items: center; justify-content: space-between;
  padding: 14px 16px;
  background: var(--tandem-primary); color: var(--tandem-on-primary);
}
.header h2 { margin: 0; font-size: 16px; }
.close { border: 0; background: transparent; color: inherit; font-size: 22px; line-height: 1; padding: 4px 8px; }
.log { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 8px; margin: 0; list-style: none; }
.message { max-width: 85%; padding: 10px 14px; border-radius: var(--tandem-radius); white-space: pre-wrap; overflow-wrap: anywhere; }
.message.visitor { align-self: flex-end; background: var(--tandem-visitor-bubble); color: var(--tandem-on-primary); }
.message.assistant, .message.agent { align-self: flex-start; background: var(--tandem-assistant-bubble); }
.message.system { align-self: center; background: transparent; color: var(--tandem-muted); font-size: 13px; text-align: center; }
.message.failed { outline: 2px solid #b91c1c; }
.status { display: block; font-size: 12px; color: var(--tandem-muted); margin-top: 4px; }
.greeting { color: var(--tandem-muted); }
.typing { color: var(--tandem-muted); font-size: 13px; padding: 0 16px 8px; }
.composer { display: flex; gap: 8px; padding: 12px; border-top: 1px solid #e5e7eb; }
.composer textarea {
  flex: 1; resize: none; border: 1px solid #d1d5db; border-radius: 10px; padding: 10px;
  font: inherit; color: inherit; background: var(--tandem-surface);
}
.send { border: 0; border-radius: 10px; padding: 0 16px; background: var(--tandem-primary); color: var(--tandem-on-primary); font-weight: 600; }
@media (max-width: 640px) {
  .panel { position: fixed; inset: 0; width: 100vw; height: 100vh; margin: 0; border-radius: 0; }
}
@media (prefers-reduced-motion: reduce) {
  * { transition: none !important; animation: none !important; }
}
`;
