import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { type Translate, translator } from '../i18n/index.ts';

export interface Localization {
  locale: string;
  t: Translate;
}

export const LocalizationContext = createContext<Localization>({ locale: 'en', t: translator('en') });

export function useLocalization(): Localization {
  return useContext(LocalizationContext);
}
