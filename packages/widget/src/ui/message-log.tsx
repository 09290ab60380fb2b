import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatController } from '../core/controller.ts';
import { StableMessageItem } from './message-item.tsx';
import { useLocalization } from './panel-localization.ts';
import { useSlice } from './use-slice.ts';

export interface MessageLogProps {
  controller: ChatController;
  /** An image beside the assistant's answers. */
  assistantAvatar?: string | undefined;
  /** The panel is hidden while closed, so the log can only be scrolled to its end once it opens. */
  open: boolean;
  onRetry(clientMessageId: string): void;
}

/** How close to the end still counts as "reading the latest": a few pixels of rounding must not unpin. */
const PINNED_SLACK_PX = 48;

/**
 * The transcript. It follows new messages while the reader is at the end; once they scroll up to read,
 * it stays put and offers a "new messages" control instead of yanking them down.
 */
export function MessageLog({ controller, assistantAvatar, open, onRetry }: MessageLogProps) {
  const { t } = useLocalization();
  const logRef = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);
  const renderedHeight = useRef(0);
  const [hasUnseen, setHasUnseen] = useState(false);
  const list = useSlice(controller, (state) => state.messages);
  const typist = useSlice(controller, (state) => state.typing);

  useLayoutEffect(() => {
    const log = logRef.current;
    if (!log) return;
    // Measured against the height before this update rather than trusting the last scroll event: a reader's
    // scroll and a new message can land in the same frame, before the scroll event has been dispatched.
    pinned.current = renderedHeight.current - log.scrollTop - log.clientHeight <= PINNED_SLACK_PX;
    if (pinned.current) log.scrollTop = log.scrollHeight;
    else setHasUnseen(true);
    renderedHeight.current = log.scrollHeight;
  }, [list, typist]);

  useLayoutEffect(() => {
    const log = logRef.current;
    if (open && log && pinned.current) log.scrollTop = log.scrollHeight;
    if (log) renderedHeight.current = log.scrollHeight;
  }, [open]);

  const jumpToLatest = () => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
    pinned.current = true;
    setHasUnseen(false);
  };

  const greeting = t('greeting');
  const typistName = typist ? ((typist.role === 'agent' ? typist.author?.name : undefined) ?? t('assistant')) : '';
  return (
    <div class="log-wrap">
      <ol
        class="log"
        part="log"
        ref={logRef}
        aria-label={t('messages')}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard (axe scrollable-region-focusable).
        tabIndex={0}
        onScroll={(event) => {
          const log = event.currentTarget;
          pinned.current = log.scrollHeight - log.scrollTop - log.clientHeight <= PINNED_SLACK_PX;
          if (pinned.current) setHasUnseen(false);
        }}
      >
        {greeting ? (
          <li class="message assistant greeting" part="message message-greeting">
            <div class="bubble" part="bubble">
              {greeting}
            </div>
          </li>
        ) : null}
        {list.map((message) => (
          <StableMessageItem
            key={message.clientMessageId ?? message.id}
            controller={controller}
            message={message}
            assistantAvatar={assistantAvatar}
            onRetry={onRetry}
          />
        ))}
      </ol>
      {typist ? (
        <p class="typing" part="typing">
          {t('typing', { name: typistName })}
        </p>
      ) : null}
      {/* In the flow below the transcript, never over it: the last notice stays readable. */}
      {hasUnseen ? (
        <button type="button" class="jump" part="jump" onClick={jumpToLatest}>
          {t('newMessages')} ↓
        </button>
      ) : null}
    </div>
  );
}
