import { hasVisibleText } from '@tandem/protocol';
import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import { useLocalization } from './panel-localization.ts';

export interface ComposerProps {
  inputRef: Ref<HTMLTextAreaElement>;
  onSend(text: string): void;
}

/** Enter sends, Shift+Enter starts a new line; an input method's composition is never cut short. */
export function Composer({ inputRef, onSend }: ComposerProps) {
  const { t } = useLocalization();
  const [draft, setDraft] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    if (!hasVisibleText(draft)) return;
    onSend(draft);
    setDraft('');
  };
  return (
    <form class="composer" part="composer" onSubmit={submit}>
      <textarea
        ref={inputRef}
        part="input"
        dir="auto"
        rows={2}
        aria-label={t('yourMessage')}
        placeholder={t('placeholder')}
        value={draft}
        onInput={(event) => setDraft(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event);
        }}
      />
      <button type="submit" class="send" part="send">
        {t('send')}
      </button>
    </form>
  );
}
