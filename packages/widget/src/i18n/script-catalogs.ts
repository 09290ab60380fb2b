import { currentScriptSource, loadScript } from '../embed/load-script.ts';
import type { LanguageCatalogs } from './en.ts';

/** What each `i18n/<language>.js` file beside tandem.js does: adds its catalogs to this global. */
interface CatalogGlobal {
  TandemCatalogs?: Record<string, LanguageCatalogs>;
}

/**
 * Loads catalogs as scripts from the folder tandem.js came from, so a strict `script-src 'self'` policy that
 * allows the widget allows its translations too.
 */
export function scriptCatalogLoader(): (language: string) => Promise<LanguageCatalogs> {
  const { src, nonce } = currentScriptSource();
  return async (language) => {
    if (!src) throw new Error('the address of tandem.js is unknown');
    await loadScript(new URL(`i18n/${language}.js`, src).href, nonce);
    const catalogs = (globalThis as CatalogGlobal).TandemCatalogs?.[language];
    if (!catalogs) throw new Error(`i18n/${language}.js did not define its catalog`);
    return catalogs;
  };
}

/** The text of `i18n/<language>.js` for the build: one assignment, no code that could fail. */
export function catalogScript(language: string, catalogs: LanguageCatalogs): string {
  return `(self.TandemCatalogs=self.TandemCatalogs||{})[${JSON.stringify(language)}]=${JSON.stringify(catalogs)};\n`;
}
