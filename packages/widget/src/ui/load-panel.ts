import type { FunctionComponent } from 'preact';
import type { ChatController } from '../core/controller.ts';
import { loadChunk } from '../embed/load-chunk.ts';
import type { PanelProps } from './panel.tsx';

/** What the panel's chunk provides: the component and its stylesheet. */
export interface PanelModule {
  Panel: FunctionComponent<PanelProps>;
  /** The screen-reader announcer; outside the panel, which is hidden while closed. */
  LiveRegion: FunctionComponent<{ controller: ChatController }>;
  sheet(): CSSStyleSheet;
}

/** Fetches the panel once (`tandem-panel.js` beside tandem.js in the script-tag build, see embed/load-chunk.ts). */
export function loadPanel(): Promise<PanelModule> {
  return loadChunk(
    'panel',
    typeof __TANDEM_SCRIPT_TAG__ !== 'undefined' && __TANDEM_SCRIPT_TAG__
      ? undefined
      : () => import('./panel-module.ts'),
  );
}

/** Set by the script-tag build: read here, not imported, so the bundler drops the dynamic import from tandem.js. */
declare const __TANDEM_SCRIPT_TAG__: boolean | undefined;
