import type { ConversationEvent } from '@tandem/protocol';
import { applyEvent } from './apply-event.ts';
import { type ChatMessage, type ChatState, initialChatState } from './chat-state.ts';
import { ReconnectingStream } from './reconnecting-stream.ts';
import { RelayClient } from './relay-client.ts';

export interface ChatControllerOptions {
  relayUrl: string;
  siteId?: string;
  locale?: string;
  fetch?: typeof fetch;
}

interface Session {
  conversationId: string;
  token: string;
}

/** The chat without any UI: starts a conversation on the first message, sends, and follows the event stream. */
export class ChatController {
  private state: ChatState = initialChatState;
  private readonly listeners = new Set<(state: ChatState) => void>();
  private readonly client: RelayClient;
  private session: Promise<Session> | undefined;
  private stream: ReconnectingStream | undefined;

  constructor(private readonly options: ChatControllerOptions) {
    this.client = new RelayClient({
      relayUrl: options.relayUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  getState(): ChatState {
    return this.state;
  }

  subscribe(listener: (state: ChatState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Shows the message at once, then delivers it; on failure it stays visible, marked failed. */
  async send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed) return;
    const clientMessageId = createClientMessageId();
    const pending: ChatMessage = {
      id: clientMessageId,
      clientMessageId,
      role: 'visitor',
      text: trimmed,
      status: 'sending',
      createdAt: new Date().toISOString(),
    };
    this.setState({ ...this.state, messages: [...this.state.messages, pending] });
    try {
      const session = await this.ensureSession();
      const { message } = await this.client.sendMessage(session.conversationId, session.token, {
        clientMessageId,
        text: trimmed,
      });
      this.updateMessage(clientMessageId, (current) =>
        current.status === 'sending' ? { ...current, id: message.id, status: 'sent' } : current,
      );
    } catch {
      this.updateMessage(clientMessageId, (current) => ({ ...current, status: 'failed' }));
    }
  }

  destroy(): void {
    this.stream?.stop();
    this.listeners.clear();
  }

  private ensureSession(): Promise<Session> {
    this.session ??= this.client
      .createConversation({
        ...(this.options.siteId ? { siteId: this.options.siteId } : {}),
        ...(this.options.locale ? { locale: this.options.locale } : {}),
        ...(typeof location !== 'undefined' && /^https?:$/.test(location.protocol) ? { pageUrl: location.href } : {}),
      })
      .then((created) => {
        this.stream = new ReconnectingStream({
          client: this.client,
          conversationId: created.conversationId,
          token: created.token,
          lastEventId: 0,
          onEvent: (event) => this.receive(event),
          onStatus: (connection) => this.setState({ ...this.state, connection }),
        });
        this.stream.start();
        return created;
      })
      .catch((error: unknown) => {
        this.session = undefined;
        throw error;
      });
    return this.session;
  }

  private receive(event: ConversationEvent): void {
    this.setState(applyEvent(this.state, event));
  }

  private updateMessage(clientMessageId: string, update: (message: ChatMessage) => ChatMessage): void {
    this.setState({
      ...this.state,
      messages: this.state.messages.map((m) => (m.clientMessageId === clientMessageId ? update(m) : m)),
    });
  }

  private setState(next: ChatState): void {
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }
}

function createClientMessageId(): string {
  return `c_${crypto.randomUUID().replace(/-/g, '')}`;
}
