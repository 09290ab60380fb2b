import { createSheet } from '../theme.ts';

/** The styles of attachments, adopted by the shadow root when the chunk's first component appears. */
export const ATTACH_CSS = `
.tray { width: 100%; display: flex; flex-direction: column; gap: 6px; }
.tray:empty { display: none; }
.tray ul { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; list-style: none; }
.draft { display: flex; align-items: center; gap: 6px; max-width: 100%; border: 1px solid var(--tandem-border); border-radius: 10px; padding: 4px 4px 4px 6px; font-size: 13px; }
.draft img { width: 40px; height: 40px; object-fit: cover; border-radius: 6px; }
.draft .name { max-width: 12em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.draft .size { color: var(--tandem-muted); }
.draft button { border: 0; background: transparent; color: inherit; font-size: 18px; line-height: 1; padding: 4px 8px; border-radius: 6px; }
.problems { color: var(--tandem-danger); font-size: 13px; }
.problems p { margin: 0; }
.files { display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 6px; padding: 0; list-style: none; }
.files:last-child { margin-bottom: 0; }
.thumb { display: block; border-radius: 8px; overflow: hidden; background: rgb(127 127 127 / 0.15); min-width: 64px; min-height: 64px; }
.thumb img { display: block; max-width: 220px; max-height: 220px; width: auto; height: auto; }
.file-chip { display: inline-flex; align-items: center; gap: 6px; border: 1px solid currentColor; border-radius: 10px; padding: 6px 10px; background: transparent; color: inherit; font-size: 13px; text-align: start; }
.file-chip .size { opacity: 0.8; }
.file-icon { flex: none; width: 20px; height: 20px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linejoin: round; }
.files progress { display: block; width: 100%; height: 6px; margin-top: 4px; accent-color: var(--tandem-primary); }
.file-error { font-size: 13px; }
`;

let shared: CSSStyleSheet | undefined;

/** Adds the attachments' sheet to the shadow root an element is in, once. */
export function adoptAttachSheet(element: Element | null): void {
  const root = element?.getRootNode();
  if (!(root instanceof ShadowRoot)) return;
  shared ??= createSheet(ATTACH_CSS);
  if (!root.adoptedStyleSheets.includes(shared)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, shared];
}
