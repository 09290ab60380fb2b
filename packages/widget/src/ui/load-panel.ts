import type { FunctionComponent } from 'preact';
import type { ChatController } from '../core/controller.ts';
import { currentScriptSource, loadScript } from '../embed/load-script.ts';
import type { PanelProps } from './panel.tsx';

/** What the panel's chunk provides: the component and its stylesheet. */
export interface PanelModule {
  Panel: FunctionComponent<PanelProps>;
  /** The screen-reader announcer; outside the panel, which is hidden while closed. */
  LiveRegion: FunctionComponent<{ controller: ChatController }>;
  sheet(): CSSStyleSheet;
}

/** Set by the script-tag build, where there is no module loader: the panel comes as `tandem-panel.js` beside tandem.js. */
declare const __TANDEM_SCRIPT_TAG__: boolean | undefined;

interface ChunkGlobal {
  TandemChunks?: { panel?: PanelModule };
}

const scriptTag = typeof __TANDEM_SCRIPT_TAG__ !== 'undefined' && __TANDEM_SCRIPT_TAG__;
// Read while tandem.js runs: later, document.currentScript no longer names it.
const source = scriptTag ? currentScriptSource() : undefined;
let loading: Promise<PanelModule> | undefined;

/**
 * Fetches the panel once. From npm, a dynamic import your bundler splits into its own chunk; in the script-tag
 * build, `tandem-panel.js` from the folder tandem.js came from (with its nonce), which takes Preact and the
 * localisation context from tandem.js (`embed/runtime.ts`) instead of carrying copies.
 */
export function loadPanel(): Promise<PanelModule> {
  loading ??= (scriptTag ? loadPanelScript() : import('./panel-module.ts')).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function loadPanelScript(): Promise<PanelModule> {
  const existing = (globalThis as ChunkGlobal).TandemChunks?.panel;
  if (existing) return existing;
  if (!source?.src) throw new Error('the address of tandem.js is unknown');
  await loadScript(new URL('tandem-panel.js', source.src).href, source.nonce);
  const panel = (globalThis as ChunkGlobal).TandemChunks?.panel;
  if (!panel) throw new Error('tandem-panel.js did not define the panel');
  return panel;
}
