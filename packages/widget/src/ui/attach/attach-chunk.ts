/** The entry of `tandem-attach.js` (script-tag build): hands the attachments' code to tandem.js through one global. */
import { attachModule } from './attach-module.ts';

const scope = globalThis as { TandemChunks?: Record<string, unknown> };
scope.TandemChunks = { ...scope.TandemChunks, attach: attachModule };
