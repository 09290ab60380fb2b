import { useState } from 'preact/hooks';
import type { ChatState } from '../core/chat-state.ts';
import { useLocalization } from './panel-localization.ts';

export interface ContactFormProps {
  status: ChatState['contact'];
  onSubmit(email: string): void;
}

/** Deliberately loose: the relay validates for real; this only catches typos before the visitor leaves. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * When nobody can take over, the visitor leaves an address and the team replies by email. One line (the address
 * and its button), so the transcript above keeps its room: what the visitor wants to add, they write in the chat.
 */
export function ContactForm({ status, onSubmit }: ContactFormProps) {
  const { t } = useLocalization();
  const [email, setEmail] = useState('');
  const [invalid, setInvalid] = useState(false);
  if (status === 'sent') return <p role="status">{t('contactSent')}</p>;
  if (status === 'saved') return <p role="status">{t('contactSaved')}</p>;
  return (
    <form
      class="form"
      part="contact-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const address = email.trim();
        if (!EMAIL.test(address)) {
          setInvalid(true);
          event.currentTarget.querySelector('input')?.focus();
          return;
        }
        setInvalid(false);
        onSubmit(address);
      }}
    >
      <input
        id="tandem-contact-email"
        type="email"
        autocomplete="email"
        required
        aria-label={t('email')}
        placeholder={t('email')}
        value={email}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'tandem-contact-error' : undefined}
        onInput={(event) => setEmail(event.currentTarget.value)}
      />
      <button type="submit" class="primary" part="contact-send" disabled={status === 'sending'}>
        {t('contactSend')}
      </button>
      {invalid ? (
        <p id="tandem-contact-error" class="error">
          {t('emailInvalid')}
        </p>
      ) : null}
      {status === 'failed' ? (
        <p class="error" role="alert">
          {t('contactFailed')}
        </p>
      ) : null}
    </form>
  );
}
