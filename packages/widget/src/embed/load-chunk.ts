import { currentScriptSource, loadScript } from './load-script.ts';

/** Set by the script-tag build, where there is no module loader: each chunk comes as `tandem-<name>.js` beside tandem.js. */
declare const __TANDEM_SCRIPT_TAG__: boolean | undefined;

interface ChunkGlobal {
  TandemChunks?: Record<string, unknown>;
}

const scriptTag = typeof __TANDEM_SCRIPT_TAG__ !== 'undefined' && __TANDEM_SCRIPT_TAG__;
// Read while tandem.js runs: later, document.currentScript no longer names it.
const source = scriptTag ? currentScriptSource() : undefined;
const loading = new Map<string, Promise<unknown>>();

/**
 * Fetches a chunk once. From npm, `importModule` is a dynamic import your bundler splits into its own chunk (callers
 * pass `__TANDEM_SCRIPT_TAG__ ? undefined : () => import(…)`, so the script-tag build never inlines it); in the script-tag build,
 * `tandem-<name>.js` from the folder tandem.js came from (with its nonce), which takes Preact and the localisation
 * context from tandem.js (`embed/runtime.ts`) instead of carrying copies. A failed load is tried again next time.
 */
export function loadChunk<T>(name: string, importModule: (() => Promise<T>) | undefined): Promise<T> {
  let pending = loading.get(name) as Promise<T> | undefined;
  if (!pending) {
    pending = (importModule ? importModule() : loadChunkScript<T>(name)).catch((error: unknown) => {
      loading.delete(name);
      throw error;
    });
    loading.set(name, pending);
  }
  return pending;
}

async function loadChunkScript<T>(name: string): Promise<T> {
  const chunks = () => (globalThis as ChunkGlobal).TandemChunks ?? {};
  if (!(name in chunks())) {
    if (!source?.src) throw new Error('the address of tandem.js is unknown');
    await loadScript(new URL(`tandem-${name}.js`, source.src).href, source.nonce);
  }
  const chunk = chunks()[name];
  if (!chunk) throw new Error(`tandem-${name}.js did not define its chunk`);
  return chunk as T;
}
