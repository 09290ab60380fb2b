const LOAD_TIMEOUT_MS = 10_000;

/**
 * The address and nonce of the script running now (tandem.js), read while it runs: the only moment
 * `document.currentScript` names it. The widget's other files (translations, the panel) are loaded from beside it,
 * so a `script-src` that allows tandem.js allows them, and its nonce is passed on.
 */
export function currentScriptSource(): { src: string | undefined; nonce: string | undefined } {
  const script = typeof document === 'undefined' ? null : (document.currentScript as HTMLScriptElement | null);
  return { src: script?.src || undefined, nonce: script?.nonce || undefined };
}

/** Adds a classic script and resolves once it ran (or rejects when it failed or took over 10 s). */
export function loadScript(src: string, nonce: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    const timer = setTimeout(() => finish(new Error(`${src} timed out`)), LOAD_TIMEOUT_MS);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      script.remove();
      if (error) reject(error);
      else resolve();
    };
    script.async = true;
    script.src = src;
    if (nonce) script.nonce = nonce;
    script.onload = () => finish();
    script.onerror = () => finish(new Error(`${src} failed to load`));
    document.head.appendChild(script);
  });
}
