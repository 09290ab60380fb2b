import { useMemo } from 'preact/hooks';
import { enAttach } from '../../i18n/en-attach.ts';
import type { TextKey } from '../../i18n/index.ts';
import { type Localization, useLocalization as useSharedLocalization } from '../i18n-context.ts';

/** The App's localisation with the English words of attachments, which arrive with this chunk (see panel-localization.ts). */
export function useAttachLocalization(): Localization {
  const shared = useSharedLocalization();
  return useMemo(
    () => ({
      ...shared,
      t: (key: TextKey, values?: Record<string, string | number>) =>
        shared.t(key, values) ||
        (enAttach[key as keyof typeof enAttach] ?? '').replace(/\{(\w+)\}/g, (placeholder, name: string) =>
          String(values?.[name] ?? placeholder),
        ),
    }),
    [shared],
  );
}
