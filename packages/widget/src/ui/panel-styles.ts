/** Everything inside the panel, adopted with the panel's code when the visitor first opens the chat (see styles.ts). */
export const PANEL_CSS = `
.header { display: flex; align-items: center; gap: 10px; padding: 12px 12px 12px 16px; background: var(--tandem-primary); color: var(--tandem-on-primary); }
.heading { flex: 1; min-width: 0; }
.header h2 { margin: 0; font-size: 16px; font-weight: 700; }
.reply-time { margin: 0; font-size: 13px; }
.team { display: flex; flex: none; }
.team img, .avatar { flex: none; width: 32px; height: 32px; border-radius: 50%; object-fit: cover; }
.team img { margin-inline-start: -8px; border: 2px solid var(--tandem-primary); background: var(--tandem-surface); }
.header :focus-visible { outline-color: currentColor; }
.icon-button { border: 0; background: transparent; color: inherit; font-size: 22px; line-height: 1; padding: 6px 10px; border-radius: 8px; }
.banner { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; padding: 8px 16px; border-bottom: 1px solid var(--tandem-border); font-size: 13px; color: var(--tandem-muted); }
.banner p { margin: 0; flex: 1 1 12em; }
.banner.human { color: var(--tandem-agent-accent); }
.banner.warning { color: var(--tandem-danger); }
.secondary {
  border: 1px solid var(--tandem-primary); border-radius: 999px; padding: 6px 12px; background: var(--tandem-surface);
  color: var(--tandem-primary); font-size: 13px; font-weight: 600;
}
.form { display: flex; gap: 6px; width: 100%; }
.form input, .composer textarea {
  width: 100%; min-width: 0; border: 1px solid var(--tandem-border); border-radius: 10px; padding: 6px 10px; background: var(--tandem-surface); resize: none;
}
.form input[aria-invalid="true"] { border-color: var(--tandem-danger); }
.error { color: var(--tandem-danger); margin: 0; width: 100%; }
.primary { flex: none; border: 0; border-radius: 10px; padding: 6px 14px; background: var(--tandem-primary); color: var(--tandem-on-primary); font-weight: 600; }
.rating-form { flex-direction: column; border: 0; margin: 0; padding: 0; min-width: 0; }
.rating-form legend { padding: 0; margin-bottom: 4px; }
.rating { display: flex; flex-wrap: wrap; gap: 4px; }
.rating button { min-height: 36px; border-radius: 10px; padding: 4px 8px; }
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
.avatar { display: grid; place-items: center; background: var(--tandem-agent-accent); color: var(--tandem-surface); font-weight: 700; overflow: hidden; }
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
  align-self: center; margin: 0 0 8px; border: 0; border-radius: 999px; padding: 4px 14px;
  background: var(--tandem-text); color: var(--tandem-surface); font-size: 13px;
}
.composer { display: flex; flex-wrap: wrap; gap: 8px; padding: 12px; border-top: 1px solid var(--tandem-border); }
.composer textarea { flex: 1 1 0; }
.attach { display: grid; place-items: center; }
.attach svg { width: 22px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; }
.attach:focus-within { outline: 3px solid var(--tandem-focus); }
.dropping { outline: 3px dashed var(--tandem-focus); }
@media (pointer: fine) { .camera { display: none; } }
.composer textarea:focus { border-color: var(--tandem-focus); }
.pointer textarea:focus-visible { outline: none; }
.send { border: 0; border-radius: 10px; padding: 0 16px; background: var(--tandem-primary); color: var(--tandem-on-primary); font-weight: 600; }
@media (prefers-reduced-motion: no-preference) {
  .typing { animation: tandem-blink 1.6s infinite; }
}
@keyframes tandem-blink { 50% { opacity: 0.55; } }
@media (max-width: 640px), (pointer: coarse) {
  .form input, .composer textarea { font-size: 16px; }
}
`;
