import { LiveRegion } from './live-region.tsx';
import type { PanelModule } from './load-panel.ts';
import { Panel } from './panel.tsx';
import { PANEL_CSS } from './panel-styles.ts';
import { createSheet } from './theme.ts';

let shared: CSSStyleSheet | undefined;

/** The panel's chunk: what `loadPanel()` resolves with. */
export const panelModule: PanelModule = {
  Panel,
  LiveRegion,
  sheet: () => {
    shared ??= createSheet(PANEL_CSS);
    return shared;
  },
};
export const { sheet } = panelModule;
export { LiveRegion, Panel };
