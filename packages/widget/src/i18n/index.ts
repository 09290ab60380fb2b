import { ar } from './ar.ts';
import { de } from './de.ts';
import { type Catalog, type CatalogKey, en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { pt } from './pt.ts';
import { sv } from './sv.ts';

export type { Catalog, CatalogKey };

/**
 * All catalogs ship in the one script-tag bundle: together they cost about 2 KB gzipped (measured in
 * build output), less than the request a lazily loaded catalog would cost a visitor.
 */
const catalogs: Record<string, Catalog> = { en, es, de, fr, sv, pt, ar };

export const SUPPORTED_LOCALES = Object.keys(catalogs);

/** The language part of a BCP 47 tag, when we have a catalog for it ("pt-BR" -> "pt"). */
function supportedLanguage(tag: string | null | undefined): string | undefined {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return language && language in catalogs ? language : undefined;
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

export type Translate = (key: CatalogKey, values?: Record<string, string | number>) => string;

/** A translate function for a locale; `{name}` placeholders are filled from `values`. */
export function translator(locale: string): Translate {
  const catalog = catalogs[supportedLanguage(locale) ?? 'en'] ?? en;
  return (key, values) =>
    catalog[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => String(values?.[name] ?? placeholder));
}

/** Arabic is written right to left; the panel mirrors with it. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return supportedLanguage(locale) === 'ar' ? 'rtl' : 'ltr';
}
