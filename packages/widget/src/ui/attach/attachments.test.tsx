// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AttachmentOptions } from '@tandem/relay';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { RELAY_URL, relayForTests } from '../../../test/relay-for-tests.ts';
import { ChatController } from '../../core/controller.ts';
import type { OutboxEntry } from '../../core/outbox/outbox.ts';
import { createMemoryStorage } from '../../core/storage/memory-storage.ts';
import { App } from '../app.tsx';
import { loadAttachments } from './load-attachments.ts';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../../../relay/test/fixtures/attachments');
const fixture = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));
const photo = () => new File([fixture('photo.png')], 'broken pole.png', { type: 'image/png' });

const controllers: ChatController[] = [];

afterEach(() => {
  cleanup();
  for (const controller of controllers.splice(0)) controller.destroy();
});

/** The real widget over the real controller and a real relay in this process, with the attachments' real chunk. */
function renderWidget(relayOptions: { attachments?: AttachmentOptions } = {}) {
  const relay = relayForTests(relayOptions);
  const storage = createMemoryStorage();
  const controller = new ChatController({
    relayUrl: RELAY_URL,
    fetch: relay.fetch,
    storage,
    channel: null,
    locks: null,
    retryDelayMs: 20,
    loadUploader: loadAttachments,
  });
  controllers.push(controller);
  render(<App controller={controller} options={{}} />);
  return { controller, relay, storage };
}

async function openPanel() {
  fireEvent.click(await screen.findByRole('button', { name: 'Open chat' }));
  const panel = await screen.findByRole('dialog', { name: 'Support' });
  await within(panel).findByRole('textbox', { name: 'Your message' });
  return panel;
}

function pick(panel: HTMLElement, files: File[], label = 'Attach a picture or PDF') {
  const input = within(panel).getByLabelText(label) as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  fireEvent.change(input);
}

function send(panel: HTMLElement, text = '') {
  const composer = within(panel).getByRole('textbox', { name: 'Your message' });
  fireEvent.input(composer, { target: { value: text } });
  fireEvent.keyDown(composer, { key: 'Enter' });
}

async function storedVisitorMessages(relay: ReturnType<typeof relayForTests>, conversationId: string) {
  return (await relay.events(conversationId)).flatMap((event) =>
    event.type === 'message' && event.message.role === 'visitor' ? [event.message] : [],
  );
}

describe('attachments in the widget', () => {
  it('previews a picked photo, sends it with the text, and shows its thumbnail once the relay has it', async () => {
    const { controller, relay } = renderWidget();
    const panel = await openPanel();
    pick(panel, [photo()]);

    const remove = await within(panel).findByRole('button', { name: 'Remove broken pole.png' });
    const preview = remove.closest('li')?.querySelector('img');
    expect(preview?.getAttribute('src')).toMatch(/^blob:/);
    expect(within(panel).getByText('broken pole.png')).toBeTruthy();

    send(panel, 'The pole snapped on day two');
    // The draft is emptied at once; the message shows with the picture while it uploads.
    await waitFor(() => expect(within(panel).queryByRole('button', { name: 'Remove broken pole.png' })).toBeNull());
    const message = await waitFor(() => {
      const element = panel.querySelector('.message.visitor[data-status="sent"]');
      if (!element) throw new Error('not sent yet');
      return element as HTMLElement;
    });
    expect(message.textContent).toContain('The pole snapped on day two');
    const thumbnail = await within(message).findByRole('img', { name: 'Open broken pole.png' });
    expect(thumbnail.getAttribute('src')).toMatch(/^blob:/);
    expect(thumbnail.closest('a')?.getAttribute('target')).toBe('_blank');

    const conversationId = controller.conversationId ?? '';
    const [stored] = await storedVisitorMessages(relay, conversationId);
    expect(stored?.text).toBe('The pole snapped on day two');
    expect(stored?.attachments).toEqual([
      expect.objectContaining({ name: 'broken pole.png', contentType: 'image/png' }),
    ]);
    const id = stored?.attachments?.[0]?.id ?? '';
    const read = await relay.relay.attachments.read(conversationId, id);
    expect(read?.record.contentType).toBe('image/png');
    // One upload, under the client's id: nothing was stored twice.
    expect(relay.network.requests.filter((request) => request.path.endsWith('/attachments'))).toHaveLength(1);
  });

  it('sends a file without any text, dropped on the panel or pasted into the text box', async () => {
    const { controller, relay } = renderWidget();
    const panel = await openPanel();
    // A drop as the browser dispatches it: the dragged files, and "Files" among the types.
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], files: [photo()] } });
    panel.querySelector('.log')?.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    await within(panel).findByRole('button', { name: 'Remove broken pole.png' });
    const pdf = new File([fixture('label.pdf')], 'receipt.pdf', { type: 'application/pdf' });
    fireEvent.paste(within(panel).getByRole('textbox'), { clipboardData: { files: [pdf] } });
    await within(panel).findByRole('button', { name: 'Remove receipt.pdf' });

    send(panel, '');
    await waitFor(() => expect(panel.querySelector('.message.visitor')?.getAttribute('data-status')).toBe('sent'));
    const [stored] = await storedVisitorMessages(relay, controller.conversationId ?? '');
    expect(stored?.text).toBe('');
    expect(stored?.attachments?.map((attachment) => [attachment.name, attachment.contentType])).toEqual([
      ['broken pole.png', 'image/png'],
      ['receipt.pdf', 'application/pdf'],
    ]);
    expect(
      await within(panel).findByRole('button', { name: /^receipt\.pdf/, description: 'Download receipt.pdf' }),
    ).toBeTruthy();
  });

  it('says before any upload why a file cannot go: too large, a type the relay refuses, too many at once', async () => {
    const { relay } = renderWidget();
    const panel = await openPanel();
    const huge = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'video.png', { type: 'image/png' });
    // An SVG renamed .png: its bytes say what it is.
    const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], 'logo.png', {
      type: 'image/png',
    });
    pick(panel, [huge, svg]);
    const alert = await within(panel).findByRole('alert');
    expect(alert.textContent).toContain('video.png is too large: a file can be at most 10 MB.');
    expect(alert.textContent).toContain(
      'logo.png cannot be sent: only pictures (JPEG, PNG, WebP, GIF) and PDF files can.',
    );
    expect(within(panel).queryByRole('button', { name: /^Remove/ })).toBeNull();

    pick(panel, [photo(), photo(), photo(), photo(), photo()]);
    await waitFor(() =>
      expect(within(panel).getByRole('alert').textContent).toBe('At most 4 files can go with one message.'),
    );
    const removes = within(panel).getAllByRole('button', { name: 'Remove broken pole.png' });
    expect(removes).toHaveLength(4);
    // Taking a file out leaves the keyboard in the text box, not on nothing.
    fireEvent.click(removes[0] as HTMLElement);
    await waitFor(() => expect(within(panel).getAllByRole('button', { name: /^Remove/ })).toHaveLength(3));
    expect(document.activeElement).toBe(within(panel).getByRole('textbox'));
    // Both pickers are real file inputs with names, so a keyboard and a screen reader reach them.
    for (const name of ['Attach a picture or PDF', 'Take a photo']) {
      const input = within(panel).getByLabelText(name) as HTMLInputElement;
      expect(input.type).toBe('file');
      expect(input.tabIndex).not.toBe(-1);
    }
    expect((within(panel).getByLabelText('Take a photo') as HTMLInputElement).getAttribute('capture')).toBe(
      'environment',
    );
    expect(relay.network.requests.some((request) => request.path.endsWith('/attachments'))).toBe(false);
  });

  it('shows why the relay refused a file, and offers no retry that would fail the same way', async () => {
    const { relay } = renderWidget({ attachments: { maxBytes: 1024 } });
    const panel = await openPanel();
    pick(panel, [new File([fixture('photo.jpg')], 'tent.jpg', { type: 'image/jpeg' })]);
    await within(panel).findByRole('button', { name: 'Remove tent.jpg' });
    send(panel, 'See the tear');
    const failed = await waitFor(() => {
      const element = panel.querySelector('.message.visitor[data-status="failed"]');
      if (!element) throw new Error('not refused yet');
      return element as HTMLElement;
    });
    expect(within(failed).getByText('A file was too large to send.')).toBeTruthy();
    expect(within(failed).queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(relay.network.requests.some((request) => request.path.endsWith('/messages'))).toBe(false);
  });

  it('keeps a file picked while the relay is unreachable in the outbox and sends it once when it is back', async () => {
    const { controller, relay, storage } = renderWidget();
    const panel = await openPanel();
    send(panel, 'Hello');
    await waitFor(() => expect(panel.querySelector('.message.visitor')?.getAttribute('data-status')).toBe('sent'));
    relay.network.down = true;

    pick(panel, [photo()]);
    await within(panel).findByRole('button', { name: 'Remove broken pole.png' });
    send(panel, 'Written in the tunnel');
    await waitFor(() => expect(panel.querySelectorAll('.message.visitor')).toHaveLength(2));
    const [queued] = (await storage.get<OutboxEntry[]>('outbox')) ?? [];
    expect(queued?.attachments?.[0]).toMatchObject({ name: 'broken pole.png', contentType: 'image/png' });
    const clientAttachmentId = queued?.attachments?.[0]?.clientAttachmentId;
    expect(await storage.get(`file:${clientAttachmentId}`)).toBeTruthy();
    expect(panel.querySelectorAll('.message.visitor')[1]?.getAttribute('data-status')).toBe('sending');

    relay.network.down = false;
    window.dispatchEvent(new Event('online'));
    await waitFor(
      () => expect(panel.querySelectorAll('.message.visitor')[1]?.getAttribute('data-status')).toBe('sent'),
      { timeout: 5000 },
    );
    const stored = await storedVisitorMessages(relay, controller.conversationId ?? '');
    expect(stored.map((message) => [message.text, message.attachments?.length ?? 0])).toEqual([
      ['Hello', 0],
      ['Written in the tunnel', 1],
    ]);
    // Uploaded once; the stored bytes are gone from the browser and the outbox is empty.
    expect(await relay.relay.attachments.records.visitorUploads(controller.conversationId ?? '')).toBe(1);
    await waitFor(async () => expect(await storage.get('outbox')).toEqual([]));
    expect(await storage.get(`file:${clientAttachmentId}`)).toBeUndefined();
  });

  it('forgets a file still waiting to be sent when the visitor shuts the chat down (a shared computer)', async () => {
    const { controller, relay, storage } = renderWidget();
    const panel = await openPanel();
    relay.network.down = true;
    pick(panel, [photo()]);
    await within(panel).findByRole('button', { name: 'Remove broken pole.png' });
    send(panel, '');
    await waitFor(async () => expect((await storage.get<OutboxEntry[]>('outbox'))?.length).toBe(1));
    const [queued] = (await storage.get<OutboxEntry[]>('outbox')) ?? [];
    const key = `file:${queued?.attachments?.[0]?.clientAttachmentId}`;
    expect(await storage.get(key)).toBeTruthy();

    await controller.shutdown();
    expect(await storage.get(key)).toBeUndefined();
    expect(await storage.get('outbox')).toBeUndefined();
  });

  it("shows an agent's PDF as a file to download and announces it", async () => {
    const { controller, relay } = renderWidget();
    const panel = await openPanel();
    send(panel, 'Can I have a return label?');
    await waitFor(() => expect(controller.conversationId).toBeTruthy());
    const conversationId = controller.conversationId ?? '';
    const { attachment } = await relay.relay.attachments.upload(conversationId, {
      clientAttachmentId: 'agent-label',
      name: 'return-label.pdf',
      body: new Blob([fixture('label.pdf')]).stream(),
      declaredLength: undefined,
      uploadedBy: 'agent',
    });
    await relay.relay.conversations.appendAgentMessage(conversationId, {
      author: { name: 'Maya' },
      text: '',
      externalId: 'agent-file-1',
      attachments: [attachment],
    });
    const chip = await within(panel).findByRole('button', {
      name: /^return-label\.pdf/,
      description: 'Download return-label.pdf',
    });
    expect(chip.closest('.message')?.classList.contains('agent')).toBe(true);
    const announcer = document.querySelector('tandem-chat, body')?.querySelector('[part="announcer"]');
    await waitFor(() => expect(announcer?.textContent).toMatch(/^Maya: +return-label\.pdf$/));
  });
});
