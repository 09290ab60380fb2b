import type { Catalog } from './en.ts';

/** What each `i18n/<language>.js` file beside tandem.js does: adds its catalog to this global. */
interface CatalogGlobal {
  TandemCatalogs?: Record<string, Catalog>;
}

const LOAD_TIMEOUT_MS = 10_000;

/**
 * Loads catalogs as scripts from the folder tandem.js came from, so a strict `script-src 'self'` policy that
 * allows the widget allows its translations too. The address is read while tandem.js runs, the only
 * moment `document.currentScript` names it.
 */
export function scriptCatalogLoader(): (language: string) => Promise<Catalog> {
  const source =
    typeof document === 'undefined' ? undefined : (document.currentScript as HTMLScriptElement | null)?.src;
  return (language) =>
    new Promise((resolve, reject) => {
      if (!source) return reject(new Error('the address of tandem.js is unknown'));
      const script = document.createElement('script');
      const timer = setTimeout(() => finish(new Error('timed out')), LOAD_TIMEOUT_MS);
      const finish = (error?: Error) => {
        clearTimeout(timer);
        script.remove();
        const catalog = (globalThis as CatalogGlobal).TandemCatalogs?.[language];
        if (catalog) resolve(catalog);
        else reject(error ?? new Error(`i18n/${language}.js did not define its catalog`));
      };
      script.async = true;
      script.src = new URL(`i18n/${language}.js`, source).href;
      script.onload = () => finish();
      script.onerror = () => finish(new Error(`i18n/${language}.js failed to load`));
      document.head.appendChild(script);
    });
}

/** The text of `i18n/<language>.js` for the build: one assignment, no code that could fail. */
export function catalogScript(language: string, catalog: Catalog): string {
  return `(self.TandemCatalogs=self.TandemCatalogs||{})[${JSON.stringify(language)}]=${JSON.stringify(catalog)};\n`;
}
