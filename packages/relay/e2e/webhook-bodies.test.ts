import { createEmailHandoff, createResendTransport } from '@tandem/handoff';
import { type FakeResend, startFakeResend } from '@tandem/handoff/test';
import { afterEach, describe, expect, it } from 'vitest';
import { createRelay, type Relay } from '../src/app.ts';
import { createOfflineAssistant } from '../src/assistant/offline.ts';
import { createLogger } from '../src/observability/logger.ts';
import { askForPerson, eventsOf, startConversation } from './handoff-setup.ts';

const INBOUND_SECRET = 'inbound-email-secret-0123456789abcdef-0123';

let resend: FakeResend | undefined;
afterEach(async () => {
  await resend?.close();
  resend = undefined;
});

async function emailRelay(): Promise<{ relay: Relay; resend: FakeResend }> {
  resend = await startFakeResend({ apiKey: 're_test_key', inboundSecret: INBOUND_SECRET });
  const relay = createRelay({
    secret: 'webhook-body-secret-0123456789abcdefgh',
    loadShedding: false,
    assistant: createOfflineAssistant({ knowledge: [] }),
    allowedOrigins: ['https://shop.example'],
    logger: createLogger({ level: 'error', write: () => {} }),
    handoff: {
      adapters: [
        createEmailHandoff({
          from: 'Tandem <handoff@shop.example>',
          to: 'support@shop.example',
          replyAddress: 'support@reply.shop.example',
          secret: 'reply-token-secret-0123456789abcdef-012345',
          inboundSecret: INBOUND_SECRET,
          transport: createResendTransport({ apiKey: 're_test_key', baseURL: resend.url }),
        }),
      ],
    },
  });
  return { relay, resend };
}

/** A reply as Outlook sends it: a few words wrapped in a large HTML document of styles and signature images. */
function htmlReply(words: string, bytes: number): string {
  const filler = `<p class="MsoNormal" style="font-family:Calibri,sans-serif"><span style="color:#1F497D">&nbsp;</span></p>\n`;
  const padding = filler.repeat(Math.ceil(bytes / filler.length));
  return `<html><head><style>p.MsoNormal{margin:0}</style></head><body><p>${words}</p>${padding}</body></html>`;
}

describe('helpdesk webhook bodies', () => {
  it('takes a signed HTML e-mail reply far larger than the visitor body limit and delivers its words', async () => {
    const { relay, resend } = await emailRelay();
    const conversation = await startConversation(relay);
    await askForPerson(relay, conversation);
    const [thread] = resend.mailbox.threads();
    if (!thread) throw new Error('no handoff e-mail');
    const html = htmlReply('Your refund is on its way.', 300 * 1024);
    const request = await resend.mailbox.inboundRequest({
      messageId: '<long-html-reply@mail.shop.example>',
      from: '"Grace Hopper" <agent@shop.example>',
      to: [thread.root.replyTo],
      subject: `Re: ${thread.root.subject}`,
      html,
    });
    expect(Number(request.headers.get('content-length') ?? (await request.clone().text()).length)).toBeGreaterThan(
      64 * 1024,
    );
    const response = await relay.request('/v1/webhooks/email', request);
    expect(response.status).toBe(200);
    await relay.conversations.idle();
    const texts = (await eventsOf(relay, conversation.conversationId)).flatMap((event) =>
      event.type === 'message' && event.message.role === 'agent' ? [event.message.text] : [],
    );
    expect(texts).toEqual(['Your refund is on its way.']);
  });

  it('still refuses webhook bodies beyond 1 MiB with 413, and visitor bodies beyond 64 KiB', async () => {
    const { relay } = await emailRelay();
    const huge = await relay.request('/v1/webhooks/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ html: 'x'.repeat(1024 * 1024 + 1) }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    const conversation = await startConversation(relay);
    const visitor = await relay.request(`/v1/conversations/${conversation.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
      body: JSON.stringify({ clientMessageId: 'm1', text: 'x'.repeat(65 * 1024) }),
    });
    expect(visitor.status).toBe(413);
  });
});
