/** The entry of `tandem-panel.js` (script-tag build): hands the panel to tandem.js through one global. */
import { panelModule } from './panel-module.ts';

const scope = globalThis as { TandemChunks?: Record<string, unknown> };
scope.TandemChunks = { ...scope.TandemChunks, panel: panelModule };
