// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { RELAY_URL, relayForTests } from '../../test/relay-for-tests.ts';
import { ChatController, type ChatControllerOptions } from '../core/controller.ts';
import { createMemoryStorage } from '../core/storage/memory-storage.ts';
import { App, type AppProps } from './app.tsx';

const controllers: ChatController[] = [];

afterEach(() => {
  cleanup();
  for (const controller of controllers.splice(0)) controller.destroy();
});

/** The real widget UI over the real controller, talking to a real relay in this process. */
function renderWidget(options: AppProps['options'] = {}, controllerOptions: Partial<ChatControllerOptions> = {}) {
  const relay = relayForTests();
  const controller = new ChatController({
    relayUrl: RELAY_URL,
    fetch: relay.fetch,
    storage: createMemoryStorage(),
    channel: null,
    locks: null,
    ...controllerOptions,
  });
  controllers.push(controller);
  render(<App controller={controller} options={options} />);
  const conversationId = () => {
    const id = controller.conversationId;
    if (!id) throw new Error('no conversation yet');
    return id;
  };
  /** Resolves once the relay has stored an event of this type (the widget's request really arrived). */
  const relayHas = (check: (type: string, status?: string) => boolean) =>
    waitFor(async () => {
      const events = await relay.events(conversationId());
      if (!events.some((event) => check(event.type, 'status' in event ? event.status : undefined))) {
        throw new Error('not stored yet');
      }
    });
  return { controller, relay: relay.relay, conversationId, relayHas };
}

async function openPanel() {
  fireEvent.click(await screen.findByRole('button', { name: 'Open chat' }));
  // The panel's contents are a chunk of their own, fetched on the first opening.
  const panel = await screen.findByRole('dialog', { name: 'Support' });
  await within(panel).findByRole('textbox', { name: 'Your message' });
  return panel;
}

async function sendMessage(panel: HTMLElement, text: string) {
  const composer = within(panel).getByRole('textbox', { name: 'Your message' });
  fireEvent.input(composer, { target: { value: text } });
  fireEvent.keyDown(composer, { key: 'Enter' });
}

describe('the widget UI', () => {
  it('opens into the composer, sends on Enter and shows the streamed answer', async () => {
    renderWidget({ greeting: 'Hi! Ask me anything.' });
    const panel = await openPanel();
    expect(panel.hidden).toBe(false);
    expect(within(panel).getByText('Hi! Ask me anything.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(within(panel).getByRole('textbox')));

    await sendMessage(panel, 'How long do I have to return an item?');
    expect(await within(panel).findByText('How long do I have to return an item?')).toBeTruthy();
    const answer = await waitFor(() => {
      const element = panel.querySelector('.message.assistant[data-status="complete"]');
      if (!element) throw new Error('no complete answer yet');
      return element as HTMLElement;
    });
    expect(answer.textContent).toContain('You have 30 days from delivery');
    expect(within(answer).getByText('AI assistant')).toBeTruthy();
    expect(answer.querySelector('time')?.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((within(panel).getByRole('textbox') as HTMLTextAreaElement).value).toBe('');
    const question = panel.querySelector('.message.visitor') as HTMLElement;
    expect(question.dataset.status).toBe('sent');
    expect(within(question).getByText('Sent')).toBeTruthy();

    // Announced once whole, with who wrote it, for screen readers.
    const announcer = document.querySelector('[aria-live="polite"]');
    await waitFor(() => expect(announcer?.textContent).toContain('AI assistant: You have 30 days'));
  });

  it('keeps a draft of only zero-width characters in the composer instead of sending it', async () => {
    renderWidget();
    const panel = await openPanel();
    await sendMessage(panel, '\u200B\u200D\u2060');
    expect(panel.querySelector('.message.visitor')).toBeNull();
    expect((within(panel).getByRole('textbox') as HTMLTextAreaElement).value).toBe('\u200B\u200D\u2060');
  });

  it('closes on Escape and gives focus back to the launcher', async () => {
    renderWidget();
    const panel = await openPanel();
    const composer = within(panel).getByRole('textbox');
    await waitFor(() => expect(document.activeElement).toBe(composer));
    fireEvent.keyDown(composer, { key: 'Escape' });
    await waitFor(() => expect(panel.hidden).toBe(true));
    const launcher = screen.getByRole('button', { name: 'Open chat' });
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    await waitFor(() => expect(document.activeElement).toBe(launcher));
  });

  it('marks a message the relay refused as not sent, with a retry button', async () => {
    renderWidget();
    const panel = await openPanel();
    await sendMessage(panel, 'x'.repeat(4001));
    const failed = await waitFor(() => {
      const element = panel.querySelector('.message.visitor[data-status="failed"]');
      if (!element) throw new Error('not failed yet');
      return element as HTMLElement;
    });
    expect(within(failed).getByText('Not sent.')).toBeTruthy();
    fireEvent.click(within(failed).getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(panel.querySelector('.message.visitor')?.getAttribute('data-status')).not.toBe('failed'),
    );
  });

  it('walks the whole human path: ask, wait, a named person joins and replies, the chat closes, a rating', async () => {
    const { relay, conversationId, relayHas } = renderWidget();
    const panel = await openPanel();
    await sendMessage(panel, 'How long do I have to return an item?');
    await waitFor(() => expect(panel.querySelector('.message.assistant[data-status="complete"]')).toBeTruthy());

    fireEvent.click(within(panel).getByRole('button', { name: 'Talk to a person' }));
    await waitFor(() => expect(within(panel).getByText('Waiting for a person to join…')).toBeTruthy());
    expect(within(panel).queryByRole('button', { name: 'Talk to a person' })).toBeNull();
    await relayHas((type, status) => type === 'handoff' && status === 'requested');

    await relay.conversations.agentJoined(conversationId(), { name: 'Maya' });
    await waitFor(() => expect(within(panel).getByText('Maya from our team has joined.')).toBeTruthy());

    await relay.conversations.appendAgentMessage(conversationId(), {
      author: { name: 'Maya' },
      text: 'Sorry about that! I have sent a **replacement**.',
      externalId: 'reply-1',
    });
    const reply = await waitFor(() => {
      const element = panel.querySelector('.message.agent');
      if (!element) throw new Error('no agent reply yet');
      return element as HTMLElement;
    });
    expect(reply.querySelector('.avatar')?.textContent).toBe('M');
    expect(within(reply).getByText('Maya')).toBeTruthy();
    expect(reply.querySelector('strong')?.textContent).toBe('replacement');
    expect(reply.getAttribute('part')).toBe('message message-agent');

    await relay.conversations.closeConversation(conversationId(), 'agent');
    await waitFor(() => expect(within(panel).getByText('This conversation has ended.')).toBeTruthy());
    // Each score says in words what it means, and its number in its title.
    const good = within(panel).getByRole('button', { name: 'Good' });
    expect(good.getAttribute('title')).toBe('Rate 4 out of 5');
    fireEvent.click(good);
    await waitFor(() => expect(within(panel).getByText('Thank you for your feedback!')).toBeTruthy());
  });

  it('takes an email address when nobody is available, refusing a mistyped one', async () => {
    const { relay, conversationId, relayHas } = renderWidget();
    const panel = await openPanel();
    fireEvent.click(within(panel).getByRole('button', { name: 'Talk to a person' }));
    await waitFor(() => expect(within(panel).getByText('Waiting for a person to join…')).toBeTruthy());
    await relayHas((type, status) => type === 'handoff' && status === 'requested');
    await relay.conversations.markHandoffUnavailable(conversationId(), 'after hours');
    await waitFor(() =>
      expect(
        within(panel).getByText('Nobody is available right now. Leave your email and we will reply.'),
      ).toBeTruthy(),
    );

    const email = within(panel).getByLabelText('Your email') as HTMLInputElement;
    fireEvent.input(email, { target: { value: 'maya@example' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Request a reply' }));
    expect(within(panel).getByText('Enter a valid email address.')).toBeTruthy();
    expect(email.getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(email, { target: { value: 'maya@example.com' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Request a reply' }));
    await waitFor(() =>
      expect(
        within(panel).getByText('Thank you. Your address is saved for our team to see when they are back.'),
      ).toBeTruthy(),
    );
  });

  it('counts replies that arrive while the panel is closed on the launcher badge', async () => {
    const { controller, relay, conversationId } = renderWidget();
    await controller.send('How long do I have to return an item?');
    await waitFor(() =>
      expect(controller.getState().messages.some((m) => m.role === 'assistant' && m.status === 'complete')).toBe(true),
    );
    await relay.conversations.appendAgentMessage(conversationId(), {
      author: { name: 'Omar' },
      text: 'Yes, I am here.',
      externalId: 'reply-1',
    });
    const launcher = await waitFor(() => screen.getByRole('button', { name: /Open chat/ }));
    // The assistant's answer and Omar's reply.
    await waitFor(() => expect(launcher.querySelector('.badge [aria-hidden]')?.textContent).toBe('2'));
    expect(launcher.querySelector('.badge')?.textContent).toContain('2 unread');
    fireEvent.click(launcher);
    await waitFor(() => expect(document.querySelector('.badge')).toBeNull());
  });

  it('switches language at once when the page calls setLocale', async () => {
    const { controller } = renderWidget();
    const panel = await openPanel();
    await sendMessage(panel, 'How long do I have to return an item?');
    await waitFor(() => expect(within(panel).getByText('AI assistant')).toBeTruthy());
    controller.setLocale('fr');
    // Messages already shown switch too, though they re-render only when they change.
    expect(await within(panel).findByText('Assistant IA')).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Parler à une personne' })).toBeTruthy();
    expect(await screen.findByRole('dialog', { name: 'Assistance' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Votre message' })).toBeTruthy();
  });

  it('falls back to the page language when the requested one has no translation', async () => {
    document.documentElement.lang = 'de';
    try {
      renderWidget({}, { locale: 'ja' });
      const launcher = await screen.findByRole('button', { name: 'Chat öffnen' });
      expect(launcher.closest('.root')?.getAttribute('lang')).toBe('de');
    } finally {
      document.documentElement.lang = '';
    }
  });

  it('speaks Spanish and lays Arabic out right to left', async () => {
    renderWidget({}, { locale: 'es' });
    const launcher = await screen.findByRole('button', { name: 'Abrir chat' });
    fireEvent.click(launcher);
    const panel = await screen.findByRole('dialog', { name: 'Soporte' });
    expect(await within(panel).findByRole('button', { name: 'Hablar con una persona' })).toBeTruthy();
    expect(within(panel).getByRole('textbox', { name: 'Tu mensaje' })).toBeTruthy();
    cleanup();

    renderWidget({}, { locale: 'ar-EG' });
    const arabic = await screen.findByRole('button', { name: 'فتح المحادثة' });
    // The words and the panel mirror; the launcher's corner is the page's (see e2e/slips.test.ts).
    expect(arabic.getAttribute('dir')).toBe('rtl');
    expect(arabic.closest('.root')?.getAttribute('lang')).toBe('ar-EG');
    fireEvent.click(arabic);
    expect((await screen.findByRole('dialog')).getAttribute('dir')).toBe('rtl');
  });
});
