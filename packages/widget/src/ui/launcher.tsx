import type { Ref } from 'preact';
import { useLocalization } from './i18n-context.ts';
import { CHAT_ICON_PATH } from './launcher-icon.ts';

export interface LauncherProps {
  open: boolean;
  unreadCount: number;
  text?: string | undefined;
  /** An image address for the launcher's icon; a chat bubble is drawn when absent. */
  iconUrl?: string | undefined;
  buttonRef: Ref<HTMLButtonElement>;
  direction: 'ltr' | 'rtl';
  /** The visitor is about to open the chat (pointer over, focus, touch): a good moment to fetch the panel. */
  onIntent(): void;
  /** `byPointer` is false for a keyboard press (a click event with no pointer detail). */
  onToggle(byPointer: boolean): void;
}

/** The round button on the page; its visible words are its accessible name, plus the unread count. */
export function Launcher({
  open,
  unreadCount,
  text,
  iconUrl,
  buttonRef,
  direction,
  onIntent,
  onToggle,
}: LauncherProps) {
  const { t } = useLocalization();
  return (
    <button
      type="button"
      class="launcher"
      part="launcher"
      dir={direction}
      ref={buttonRef}
      aria-expanded={open}
      aria-controls="tandem-panel"
      onPointerEnter={onIntent}
      onFocus={onIntent}
      onTouchStart={onIntent}
      onClick={(event) => onToggle(event.detail > 0)}
    >
      {open ? (
        <>
          <Icon path="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z" />
          <span class="sr-only">{t('closeChat')}</span>
        </>
      ) : (
        <>
          {iconUrl ? <img src={iconUrl} alt="" /> : <Icon path={CHAT_ICON_PATH} />}
          {text ? <span>{text}</span> : <span class="sr-only">{t('openChat')}</span>}
        </>
      )}
      {unreadCount > 0 && !open ? (
        <span class="badge" part="badge">
          <span aria-hidden="true">{unreadCount > 99 ? '99+' : unreadCount}</span>
          <span class="sr-only">{t('unread', { count: unreadCount })}</span>
        </span>
      ) : null}
    </button>
  );
}

function Icon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={path} />
    </svg>
  );
}
