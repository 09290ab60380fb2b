import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../core/chat-state.ts';
import type { ChatController } from '../core/controller.ts';
import { markdownToText } from './markdown/parse.ts';
import { noticeText } from './notice.ts';
import { useLocalization } from './panel-localization.ts';
import { useSlice } from './use-slice.ts';

/**
 * Announces each new reply to screen readers once it is whole: a streamed answer is read when it
 * completes, not token by token, and a transcript restored after a reload is not read out again.
 */
export function LiveRegion({ controller }: { controller: ChatController }) {
  const { t, locale } = useLocalization();
  const announced = useRef<Set<string> | undefined>(undefined);
  const [text, setText] = useState('');
  const list = useSlice(controller, (state) => state.messages);
  const ready = useSlice(controller, (state) => state.ready);

  useEffect(() => {
    if (!ready) return;
    if (!announced.current) {
      announced.current = new Set(list.filter(isWhole).map((message) => message.id));
      return;
    }
    const fresh = list.filter((message) => isWhole(message) && !announced.current?.has(message.id));
    if (fresh.length === 0) return;
    for (const message of fresh) announced.current.add(message.id);
    setText(
      fresh
        .map((message) => {
          const author =
            message.role === 'agent' ? message.author?.name : message.role === 'assistant' ? t('assistant') : '';
          const text = `${message.role === 'system' ? noticeText(message, t, locale) : markdownToText(message.text)} ${
            message.attachments?.map((attachment) => attachment.name) ?? ''
          }`;
          return author ? `${author}: ${text}` : text;
        })
        .join('\n'),
    );
  }, [list, ready, t, locale]);

  return (
    <div class="sr-only" role="status" aria-live="polite" part="announcer">
      {text}
    </div>
  );
}

function isWhole(message: ChatMessage): boolean {
  return message.role !== 'visitor' && message.status !== 'streaming';
}
