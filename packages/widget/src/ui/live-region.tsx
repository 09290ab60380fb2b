import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../core/chat-state.ts';
import type { ChatController } from '../core/controller.ts';
import { useLocalization } from './i18n-context.ts';
import { markdownToText } from './markdown/parse.ts';
import { useChat } from './use-chat.ts';

/**
 * Announces each new reply to screen readers once it is whole: a streamed answer is read when it
 * completes, not token by token, and a transcript restored after a reload is not read out again.
 */
export function LiveRegion({ controller }: { controller: ChatController }) {
  const { t } = useLocalization();
  const announced = useRef<Set<string> | undefined>(undefined);
  const [text, setText] = useState('');
  const list = useChat(controller, (state) => state.messages);
  const ready = useChat(controller, (state) => state.ready);

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
          const text = message.role === 'system' ? message.text : markdownToText(message.text);
          return author ? `${author}: ${text}` : text;
        })
        .join('\n'),
    );
  }, [list, ready, t]);

  return (
    <div class="sr-only" role="status" aria-live="polite" part="announcer">
      {text}
    </div>
  );
}

function isWhole(message: ChatMessage): boolean {
  return message.role !== 'visitor' && message.status !== 'streaming';
}
