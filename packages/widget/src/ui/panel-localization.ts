import { useMemo } from 'preact/hooks';
import { enPanel } from '../i18n/en.ts';
import type { TextKey } from '../i18n/index.ts';
import { type Localization, useLocalization as useSharedLocalization } from './i18n-context.ts';

/**
 * The App's localisation, with the English words of the panel: they arrive in the panel's chunk rather than in
 * tandem.js, so a key the visitor's language (or the merchant's strings) has no words for is shown in English.
 */
export function useLocalization(): Localization {
  const shared = useSharedLocalization();
  return useMemo(
    () => ({
      ...shared,
      t: (key: TextKey, values?: Record<string, string | number>) =>
        shared.t(key, values) ||
        (enPanel[key as keyof typeof enPanel] ?? '').replace(/\{(\w+)\}/g, (placeholder, name: string) =>
          String(values?.[name] ?? placeholder),
        ),
    }),
    [shared],
  );
}
