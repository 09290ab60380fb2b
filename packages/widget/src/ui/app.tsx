import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../core/chat-state.ts';
import type { ChatController } from '../core/controller.ts';
import type { WidgetOptions } from '../options.ts';
import { useChatState } from './use-chat-state.ts';

export interface AppProps {
  controller: ChatController;
  options: WidgetOptions;
}

export function App({ controller, options }: AppProps) {
  const state = useChatState(controller);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const logRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [state.messages]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!draft.trim()) return;
    void controller.send(draft);
    setDraft('');
  };

  return (
    <>
      <section class="panel" part="panel" hidden={!open} aria-label={options.title ?? 'Support chat'}>
        <header class="header" part="header">
          <h2>{options.title ?? 'Support'}</h2>
          <button type="button" class="close" aria-label="Close chat" onClick={() => setOpen(false)}>
            ×
          </button>
        </header>
        <ol class="log" part="log" ref={logRef} aria-live="polite" aria-label="Messages">
          {options.greeting ? <li class="message assistant greeting">{options.greeting}</li> : null}
          {state.messages.map((message) => (
            <MessageBubble key={message.id} message={message} />
          ))}
        </ol>
        {state.assistantTyping ? <p class="typing">Assistant is typing…</p> : null}
        <form class="composer" part="composer" onSubmit={submit}>
          <textarea
            rows={2}
            aria-label="Your message"
            placeholder="Ask a question…"
            value={draft}
            onInput={(event) => setDraft(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) submit(event);
            }}
          />
          <button type="submit" class="send" part="send">
            Send
          </button>
        </form>
      </section>
      <button
        type="button"
        class="launcher"
        part="launcher"
        aria-expanded={open}
        aria-label={open ? 'Close chat' : 'Open chat'}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Close' : 'Chat with us'}
      </button>
    </>
  );
}

function MessageBubble({ message }: { message: ChatMessage }) {
  const classes = ['message', message.role, message.status].join(' ');
  return (
    <li class={classes} part={`message message-${message.role}`} data-status={message.status}>
      {message.text}
      {message.status === 'failed' ? <span class="status">Not sent</span> : null}
      {message.status === 'incomplete' ? <span class="status">This answer was cut off.</span> : null}
    </li>
  );
}
