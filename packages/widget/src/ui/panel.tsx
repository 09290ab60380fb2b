import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ChatController } from '../core/controller.ts';
import type { UiOptions } from './app.tsx';
import { Composer } from './composer.tsx';
import { MessageLog } from './message-log.tsx';
import { ModeBanner } from './mode-banner.tsx';
import { useLocalization } from './panel-localization.ts';
import { useSlice } from './use-slice.ts';

export interface PanelProps {
  controller: ChatController;
  options: UiOptions;
  open: boolean;
  /** False when the page opened the chat at load: the text box then leaves the page's focus alone. */
  autoFocus: boolean;
}

const REPLY_TIME_KEYS = { minutes: 'replyMinutes', hours: 'replyHours', day: 'replyDay' } as const;

/** Inside the chat panel (App draws its frame): header, the banner saying who is answering, transcript, composer. */
export function Panel({ controller, options, open, autoFocus }: PanelProps) {
  const { t } = useLocalization();
  const mode = useSlice(controller, (state) => state.mode);
  const handoff = useSlice(controller, (state) => state.handoff);
  const contact = useSlice(controller, (state) => state.contact);
  const rating = useSlice(controller, (state) => state.rating);
  const offline = useSlice(controller, (state) => state.offline || state.connection === 'offline');
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const wasOpen = useRef(false);

  useLayoutEffect(() => {
    if (open && !wasOpen.current && autoFocus) inputRef.current?.focus();
    wasOpen.current = open;
  }, [open]);

  return (
    <>
      <header class="header" part="header">
        {options.teamAvatars?.length ? (
          <span class="team" part="team" aria-hidden="true">
            {options.teamAvatars.map((url) => (
              <img key={url} src={url} alt="" />
            ))}
          </span>
        ) : null}
        <div class="heading">
          <h2 id="tandem-title">{t('title')}</h2>
          {options.replyTime ? (
            <p class="reply-time" part="reply-time">
              {t(REPLY_TIME_KEYS[options.replyTime])}
            </p>
          ) : null}
        </div>
        <button type="button" class="icon-button" part="close" onClick={() => controller.close()}>
          <span aria-hidden="true">×</span>
          <span class="sr-only">{t('closeChat')}</span>
        </button>
      </header>
      <ModeBanner
        mode={mode}
        handoff={handoff}
        contact={contact}
        rating={rating}
        offline={offline}
        onRequestHandoff={() => void controller.requestHandoff()}
        onContact={(email) => void controller.sendContact(email)}
        onRate={(score) => void controller.rate(score)}
        onEnd={() => void controller.endConversation()}
      />
      <MessageLog
        controller={controller}
        assistantAvatar={options.assistantAvatar}
        open={open}
        onRetry={(clientMessageId) => void controller.retry(clientMessageId)}
      />
      <Composer controller={controller} inputRef={inputRef} onSend={(text) => void controller.send(text)} />
    </>
  );
}
