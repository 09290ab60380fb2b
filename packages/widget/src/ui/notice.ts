import type { ChatMessage } from '../core/chat-state.ts';
import type { CatalogKey } from '../i18n/en.ts';
import type { Translate } from '../i18n/index.ts';

const NOTICE_KEYS: Record<string, CatalogKey> = {
  human_requested: 'noticeHumanRequested',
  handoff_unsure: 'noticeUnsure',
  handoff_upset: 'noticeUpset',
  nobody_available: 'noticeUnavailable',
  answer_busy: 'noticeBusy',
  answer_timeout: 'noticeTimeout',
  answer_cut_off: 'noticeCutOff',
  answer_failed: 'noticeFailed',
};

/**
 * A system message in the widget's own words (the visitor's language, the merchant's register and strings), so the
 * relay's wording never sits beside the widget's on one screen. A code this widget does not know shows the relay's text.
 */
export function noticeText(message: ChatMessage, t: Translate, locale: string): string {
  const key = message.notice ? NOTICE_KEYS[message.notice.code] : undefined;
  if (!key) return message.text;
  const nextOpenAt = message.notice?.nextOpenAt;
  const backAt = nextOpenAt ? t('noticeBackAt', { time: formatOpening(nextOpenAt, locale) }) : '';
  return t(key, { talk: t('talkToPerson'), backAt });
}

/** When the team is back, in the visitor's own time zone and language ("Monday, 09:00"). */
function formatOpening(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(locale, { weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(date);
  } catch {
    return date.toLocaleString();
  }
}
