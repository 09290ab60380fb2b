import type { Catalog, CatalogKey, LanguageCatalogs, Register } from './en.ts';
import { enLauncher } from './en-launcher.ts';
import { scriptCatalogLoader } from './script-catalogs.ts';

export type { Catalog, CatalogKey, LanguageCatalogs, Register };

export const SUPPORTED_LOCALES = ['en', 'es', 'de', 'fr', 'sv', 'pt', 'ar'];

/** Words that are the merchant's own rather than the widget's: no catalog has them, `strings` and options set them. */
export interface MerchantText {
  greeting?: string;
  launcherText?: string;
  /** Shown while nobody is available, e.g. "Mon–Fri 9:00–17:00 CET". */
  openingHours?: string;
}
/** Any catalog string or merchant text, overridden for one locale. */
export type Strings = Partial<Catalog> & MerchantText;
export type TextKey = CatalogKey | keyof MerchantText;

/** How the merchant words the widget: the register per language and their own strings per locale. */
export interface Wording {
  /** One register for every language that has one, or per language (`{ de: 'formal' }`). */
  register?: Register | Record<string, Register> | undefined;
  /** Per locale (`en`, `de`, `pt-BR`; the full tag wins over its language); `*` applies to every locale. */
  strings?: Record<string, Strings> | undefined;
}

/**
 * English is built in; the other catalogs load on demand, only the one the visitor needs. Measured: the six
 * other catalogs cost 3.2 KB gzipped together, an eighth of the script-tag bundle's whole budget.
 */
const catalogs = new Map<string, LanguageCatalogs>([['en', { catalog: enLauncher as Catalog }]]);
const loading = new Map<string, Promise<void>>();

/** Set by the script-tag build, where there is no module loader: catalogs come as small scripts beside tandem.js. */
declare const __TANDEM_SCRIPT_TAG__: boolean | undefined;

type CatalogLoader = (language: string) => Promise<LanguageCatalogs>;

const loadCatalogModule: CatalogLoader =
  typeof __TANDEM_SCRIPT_TAG__ !== 'undefined' && __TANDEM_SCRIPT_TAG__
    ? scriptCatalogLoader()
    : (language) =>
        import(`./catalogs/${language}.ts`).then(
          (module: { default: Catalog; register?: Register; otherRegister?: Partial<Catalog> }) => ({
            catalog: module.default,
            ...(module.register ? { register: module.register, otherRegister: module.otherRegister ?? {} } : {}),
          }),
        );

/** The language part of a BCP 47 tag ("pt-BR" -> "pt"), lower case. */
function languageOf(tag: string | null | undefined): string | undefined {
  return tag?.trim().toLowerCase().split(/[-_]/)[0] || undefined;
}

/** The language of a tag when we have words for it: a catalog, or the merchant's own strings for that language. */
function supportedLanguage(tag: string | null | undefined, extra: readonly string[] = []): string | undefined {
  const language = languageOf(tag);
  return language && (SUPPORTED_LOCALES.includes(language) || extra.includes(language)) ? language : undefined;
}

/**
 * Picks the visitor's locale: the merchant's option first, then the page's `<html lang>`, then the browser's
 * language, and English when none of them has a catalog (or strings of the merchant's). Returns the full tag so
 * dates format regionally.
 */
export function resolveLocale(option?: string, extraLanguages: readonly string[] = []): string {
  const candidates = [
    option,
    typeof document === 'undefined' ? undefined : document.documentElement.lang,
    typeof navigator === 'undefined' ? undefined : navigator.language,
  ];
  return candidates.find((candidate) => supportedLanguage(candidate, extraLanguages) !== undefined)?.trim() ?? 'en';
}

/** The languages a merchant wrote strings for (a language we have no catalog for becomes usable with them). */
export function languagesOf(strings: Wording['strings']): string[] {
  return Object.keys(strings ?? {}).flatMap((tag) => languageOf(tag) ?? []);
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
      (loaded) => {
        catalogs.set(language, loaded);
      },
      (error: unknown) => {
        console.error(`[tandem] the "${language}" translations could not be loaded; showing English.`, error);
      },
    );
    loading.set(language, pending);
  }
  return pending;
}

export type Translate = (key: TextKey, values?: Record<string, string | number>) => string;

/**
 * A translate function for a locale (English until its catalog has loaded); `{name}` placeholders come from `values`.
 * A key nobody has words for gives "" (the panel falls back to its own English, see ui/panel-localization.ts).
 * Precedence, lowest first: the launcher's English, the language's catalog, its other register when the merchant asked for it,
 * the merchant's strings for every locale (`*`), for the language, for the full tag. A merchant's text is never
 * mixed with the other register of the same screen: all of it comes through this one function.
 */
export function translator(locale: string, wording: Wording = {}): Translate {
  const language = languageOf(locale) ?? 'en';
  const loaded = catalogs.get(language);
  const wanted = typeof wording.register === 'string' ? wording.register : wording.register?.[language];
  const strings = wording.strings ?? {};
  const words: Strings = {
    ...enLauncher,
    ...loaded?.catalog,
    ...(wanted && loaded?.register && wanted !== loaded.register ? loaded.otherRegister : {}),
    ...strings['*'],
    ...strings[language],
    ...strings[locale.toLowerCase()],
  };
  return (key, values) =>
    (words[key] ?? '').replace(/\{(\w+)\}/g, (placeholder, name: string) => String(values?.[name] ?? placeholder));
}

/** Arabic (and the other right-to-left scripts a merchant may add strings for) is laid out right to left. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return /^(ar|he|fa|ur)$/.test(languageOf(locale) ?? '') ? 'rtl' : 'ltr';
}
