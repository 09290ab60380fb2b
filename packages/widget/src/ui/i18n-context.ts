import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { directionOf, type Translate, translator } from '../i18n/index.ts';

export interface Localization {
  locale: string;
  direction: 'ltr' | 'rtl';
  t: Translate;
}

/** Provided by the App; shared with the panel's chunk through tandem.js (embed/runtime.ts), never copied. */
export const LocalizationContext = createContext<Localization>({
  locale: 'en',
  direction: directionOf('en'),
  t: translator('en'),
});

export function useLocalization(): Localization {
  return useContext(LocalizationContext);
}
