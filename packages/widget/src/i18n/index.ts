import { type Catalog, type CatalogKey, en } from './en.ts';
import { scriptCatalogLoader } from './script-catalogs.ts';

export type { Catalog, CatalogKey };

export const SUPPORTED_LOCALES = ['en', 'es', 'de', 'fr', 'sv', 'pt', 'ar'];

/**
 * English is built in; the other catalogs load on demand, only the one the visitor needs. Measured: the six
 * other catalogs cost 3.2 KB gzipped together, an eighth of the script-tag bundle's whole budget.
 */
const catalogs = new Map<string, Catalog>([['en', en]]);
const loading = new Map<string, Promise<void>>();

/** Set by the script-tag build, where there is no module loader: catalogs come as small scripts beside tandem.js. */
declare const __TANDEM_SCRIPT_TAG__: boolean | undefined;

type CatalogLoader = (language: string) => Promise<Catalog>;

const loadCatalogModule: CatalogLoader =
  typeof __TANDEM_SCRIPT_TAG__ !== 'undefined' && __TANDEM_SCRIPT_TAG__
    ? scriptCatalogLoader()
    : (language) => import(`./catalogs/${language}.ts`).then((module: { default: Catalog }) => module.default);

/** The language part of a BCP 47 tag, when we have a catalog for it ("pt-BR" -> "pt"). */
function supportedLanguage(tag: string | null | undefined): string | undefined {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return language && SUPPORTED_LOCALES.includes(language) ? language : undefined;
}

/**
 * Picks the visitor's locale: the merchant's option first, then the page's `<html lang>`, then the browser's
 * language, and English when none of them has a catalog. Returns the full tag so dates format regionally.
 */
export function resolveLocale(option?: string): string {
  const candidates = [
    option,
    typeof document === 'undefined' ? undefined : document.documentElement.lang,
    typeof navigator === 'undefined' ? undefined : navigator.language,
  ];
  return candidates.find((candidate) => supportedLanguage(candidate) !== undefined)?.trim() ?? 'en';
}

/** True once `translator(locale)` speaks the locale's language (always true for English and unsupported tags). */
export function hasCatalog(locale: string): boolean {
  return catalogs.has(supportedLanguage(locale) ?? 'en');
}

/** Loads the catalog for a locale; resolves (never rejects) once it is there or has failed, English then stays. */
export function loadCatalog(locale: string): Promise<void> {
  const language = supportedLanguage(locale) ?? 'en';
  if (catalogs.has(language)) return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    pending = loadCatalogModule(language).then(
      (catalog) => {
        catalogs.set(language, { ...en, ...catalog });
      },
      (error: unknown) => {
        console.error(`[tandem] the "${language}" translations could not be loaded; showing English.`, error);
      },
    );
    loading.set(language, pending);
  }
  return pending;
}

export type Translate = (key: CatalogKey, values?: Record<string, string | number>) => string;

/** A translate function for a locale (English until its catalog has loaded); `{name}` placeholders come from `values`. */
export function translator(locale: string): Translate {
  const catalog = catalogs.get(supportedLanguage(locale) ?? 'en') ?? en;
  return (key, values) =>
    catalog[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => String(values?.[name] ?? placeholder));
}

/** Arabic is written right to left; the panel mirrors with it. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return supportedLanguage(locale) === 'ar' ? 'rtl' : 'ltr';
}
