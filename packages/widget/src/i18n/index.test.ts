// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en.ts';
import {
  directionOf,
  hasCatalog,
  languagesOf,
  loadCatalog,
  resolveLocale,
  SUPPORTED_LOCALES,
  translator,
} from './index.ts';

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
      const values = {
        name: 'Maya',
        count: 3,
        minutes: 5,
        score: 4,
        hours: '9–5',
        talk: 'x',
        backAt: '',
        time: 'Mon',
        limit: 10,
      };
      // Both registers of a language that has two: every key the other register changes is checked the same way.
      const registers = [translator(locale), translator(locale, { register: { [locale]: 'formal' } })];
      registers.push(translator(locale, { register: { [locale]: 'informal' } }));
      for (const t of registers) {
        for (const key of Object.keys(en) as (keyof typeof en)[]) {
          const translated = t(key, values);
          expect(translated, key).not.toBe('');
          expect(translated, key).not.toMatch(/\{\w+\}/);
          if (key !== 'title' && key !== 'messages' && key !== 'sources') {
            expect(translated, `${locale} ${key} is still English`).not.toBe(en[key]);
          }
          for (const placeholder of en[key].match(/\{\w+\}/g) ?? []) {
            expect(t(key), `${locale} ${key} keeps ${placeholder}`).toContain(placeholder);
          }
        }
      }
    },
  );

  it('speaks the register the merchant chose, on every string of the screen', async () => {
    await loadCatalog('de');
    const informal = translator('de');
    const formal = translator('de', { register: 'formal' });
    expect(informal('modeAssistant')).toBe('Du chattest mit unserem KI-Assistenten.');
    expect(formal('modeAssistant')).toBe('Sie chatten mit unserem KI-Assistenten.');
    // The relay's system messages are worded by the widget too: no "Sie" next to "du".
    expect(informal('noticeUnavailable', { backAt: '' })).toMatch(/Hinterlasse deine E-Mail-Adresse/);
    expect(formal('noticeUnavailable', { backAt: '' })).toMatch(/Hinterlassen Sie Ihre E-Mail-Adresse/);
    await loadCatalog('fr');
    expect(translator('fr', { register: { fr: 'informal' } })('yourMessage')).toBe('Ton message');
    expect(translator('fr', { register: { de: 'informal' } })('yourMessage')).toBe('Votre message');
  });

  it("puts the merchant's strings over the catalog: every locale, then the language, then the full tag", async () => {
    await loadCatalog('pt');
    const strings = { '*': { title: 'Fernwood' }, pt: { send: 'Mandar' }, 'pt-br': { send: 'Enviar já' } };
    expect(translator('pt-PT', { strings })('send')).toBe('Mandar');
    expect(translator('pt-BR', { strings })('send')).toBe('Enviar já');
    expect(translator('pt-BR', { strings })('title')).toBe('Fernwood');
    expect(translator('en', { strings: { en: { openingHours: 'Mon–Fri 9–17' } } })('openingHours')).toBe(
      'Mon–Fri 9–17',
    );
  });

  it('falls back to English for a language without a catalog', () => {
    expect(translator('ja')('openChat')).toBe('Open chat');
    expect(translator('pt-BR')('openChat')).toBe(hasCatalog('pt') ? 'Abrir chat' : 'Open chat');
  });

  it('takes a language the widget has no catalog for when the merchant wrote strings for it', () => {
    expect(resolveLocale('nl-BE', [])).not.toBe('nl-BE');
    expect(resolveLocale('nl-BE', languagesOf({ nl: { title: 'Hulp' } }))).toBe('nl-BE');
  });
});
