import type { ChatState } from '../core/chat-state.ts';
import { ContactForm } from './contact-form.tsx';
import { useLocalization } from './panel-localization.ts';
import { Rating } from './rating.tsx';

export interface ModeBannerProps {
  mode: ChatState['mode'];
  handoff: ChatState['handoff'];
  contact: ChatState['contact'];
  rating: ChatState['rating'];
  offline: boolean;
  onRequestHandoff(): void;
  onContact(email: string): void;
  onRate(score: number): void;
  onEnd(): void;
}

export type BannerState = 'assistant' | 'waiting' | 'human' | 'unavailable' | 'closed';

/** Which of the human-path states the visitor is in; the handoff status refines the coarse mode. */
export function bannerState({ mode, handoff }: Pick<ModeBannerProps, 'mode' | 'handoff'>): BannerState {
  if (mode === 'closed' || mode === 'human' || mode === 'waiting') return mode;
  // Back with the assistant: after nobody could come, or after the person handed the conversation back.
  if (handoff.status === 'unavailable' || handoff.status === 'failed') return 'unavailable';
  // Asked a moment ago; the relay's mode event is on its way.
  if (handoff.status === 'requested') return 'waiting';
  return 'assistant';
}

/**
 * Always says who the visitor is talking to, and always offers the way to a person: the button while the
 * assistant answers, the expected wait while queued, the email form when nobody is available. With a person asked
 * for or answering, the visitor can end the chat, which closes the helpdesk ticket and asks for a rating.
 */
export function ModeBanner(props: ModeBannerProps) {
  const { t } = useLocalization();
  const state = bannerState(props);
  const { handoff } = props;
  const minutes =
    handoff.expectedWaitSeconds === undefined ? undefined : Math.max(1, Math.ceil(handoff.expectedWaitSeconds / 60));
  return (
    <>
      {props.offline ? (
        <div class="banner warning" part="banner banner-offline" role="status">
          <p>{t('offline')}</p>
        </div>
      ) : null}
      <div class={`banner ${state}`} part={`banner banner-${state}`} data-state={state}>
        {state === 'assistant' ? (
          <>
            <p>{t('modeAssistant')}</p>
            <button type="button" class="secondary" part="handoff" onClick={props.onRequestHandoff}>
              {t('talkToPerson')}
            </button>
          </>
        ) : null}
        {state === 'waiting' ? (
          <p role="status">
            {minutes === undefined ? t('modeWaiting') : `${t('modeWaiting')} ${t('expectedWait', { minutes })}`}
          </p>
        ) : null}
        {state === 'human' ? <p role="status">{t('modeHuman', { name: handoff.agent?.name ?? '' })}</p> : null}
        {state === 'waiting' || state === 'human' ? (
          <button type="button" class="secondary" part="end-chat" onClick={props.onEnd}>
            {t('endChat')}
          </button>
        ) : null}
        {state === 'unavailable' ? (
          <>
            <p role="status">{t('modeUnavailable')}</p>
            {t('openingHours') ? (
              <p class="hours" part="opening-hours">
                {t('hoursLabel', { hours: t('openingHours') })}
              </p>
            ) : null}
            <ContactForm status={props.contact} onSubmit={props.onContact} />
          </>
        ) : null}
        {state === 'closed' ? (
          <>
            <p role="status">{t('modeClosed')}</p>
            <Rating sent={props.rating === 'sent'} onRate={props.onRate} />
          </>
        ) : null}
      </div>
    </>
  );
}
