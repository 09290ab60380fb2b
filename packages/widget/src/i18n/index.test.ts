// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { directionOf, hasCatalog, loadCatalog, resolveLocale, SUPPORTED_LOCALES, translator } from './index.ts';

afterEach(() => {
  document.documentElement.lang = '';
});

describe('choosing the visitor language', () => {
  it('takes the option first, then the page lang, then the browser language, then English', () => {
    document.documentElement.lang = 'de-AT';
    expect(resolveLocale('fr')).toBe('fr');
    expect(resolveLocale('xx')).toBe('de-AT');
    expect(resolveLocale(undefined)).toBe('de-AT');
    document.documentElement.lang = 'tlh';
    expect(resolveLocale(undefined)).toBe(
      SUPPORTED_LOCALES.includes(navigator.language.slice(0, 2)) ? navigator.language : 'en',
    );
  });

  it('mirrors Arabic only', () => {
    expect(SUPPORTED_LOCALES.map((locale) => [locale, directionOf(locale)])).toEqual([
      ['en', 'ltr'],
      ['es', 'ltr'],
      ['de', 'ltr'],
      ['fr', 'ltr'],
      ['sv', 'ltr'],
      ['pt', 'ltr'],
      ['ar', 'rtl'],
    ]);
  });
});

describe('catalogs', () => {
  it.each(SUPPORTED_LOCALES.filter((locale) => locale !== 'en'))(
    '%s translates every English string, keeping its placeholders',
    async (locale) => {
      expect(hasCatalog(locale)).toBe(false);
      await loadCatalog(locale);
      expect(hasCatalog(locale)).toBe(true);
      const t = translator(locale);
      const english = translator('en');
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        const translated = t(key, { name: 'Maya', count: 3, minutes: 5, score: 4 });
        expect(translated, key).not.toBe('');
        expect(translated, key).not.toMatch(/\{\w+\}/);
        if (key !== 'title' && key !== 'messages' && key !== 'sources') {
          expect(translated, `${locale} ${key} is still English`).not.toBe(english(key, {}));
        }
        for (const placeholder of en[key].match(/\{\w+\}/g) ?? []) {
          expect(t(key), `${locale} ${key} keeps ${placeholder}`).toContain(placeholder);
        }
      }
    },
  );

  it('falls back to English for a language without a catalog', () => {
    expect(translator('ja')('send')).toBe('Send');
    expect(translator('pt-BR')('send')).toBe(hasCatalog('pt') ? 'Enviar' : 'Send');
  });
});
