import { describe, expect, it } from 'vitest';
import { postTo, relayForTest, startConversation } from '../../test/test-fixture.ts';
import { createInboxHandoff } from '../handoff/inbox/inbox-adapter.ts';

const STAFF_TOKEN = 'staff-token-for-route-tests-0123456789';

function staffRelay(access: { inboxToken?: string; development?: boolean } = { inboxToken: STAFF_TOKEN }) {
  return relayForTest({ handoff: { adapters: [createInboxHandoff()], ...access } });
}

function staff(relay: ReturnType<typeof staffRelay>, path: string, body?: unknown) {
  return relay.request(`/v1/console/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${STAFF_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('the console API', () => {
  it('is not served without a staff token outside development, and is served without one in development', async () => {
    const off = relayForTest({ handoff: { adapters: [createInboxHandoff()] } });
    expect((await off.request('/console')).status).toBe(404);
    expect((await off.request('/v1/console/figures')).status).toBe(404);
    const development = staffRelay({ development: true });
    expect((await development.request('/v1/console/conversations')).status).toBe(200);
    expect((await development.request('/console')).status).toBe(200);
  });

  it('refuses to mark a conversation that was never handed off, and bad marks, changing nothing', async () => {
    const relay = staffRelay();
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'messages', { clientMessageId: 'm1', text: 'How long do I have to return?' });
    await relay.conversations.idle();
    const notHandedOff = await staff(relay, `conversations/${conversation.conversationId}/review`, {
      verdict: 'needed',
      reviewer: 'Grace',
    });
    expect(notHandedOff.status).toBe(409);
    const unknown = await staff(relay, 'conversations/no-such-conversation/review', {
      verdict: 'needed',
      reviewer: 'Grace',
    });
    expect(unknown.status).toBe(404);

    await postTo(relay, conversation, 'handoff', {});
    await relay.conversations.idle();
    for (const body of [{ verdict: 'maybe', reviewer: 'Grace' }, { verdict: 'needed', reviewer: '  ' }, {}]) {
      const response = await staff(relay, `conversations/${conversation.conversationId}/review`, body);
      expect(response.status).toBe(400);
    }
    expect((await relay.audit.list()).filter((entry) => entry.type === 'handoff-review')).toEqual([]);

    const marked = await staff(relay, `conversations/${conversation.conversationId}/review`, {
      verdict: 'needed',
      reviewer: 'Grace',
    });
    expect(marked.status).toBe(200);
    const detail = (await (await staff(relay, `conversations/${conversation.conversationId}`)).json()) as {
      summary: { verdict: string; reasons: string[]; why: string[]; modeText: string; waitingSince: string };
      transcript: { message: { role: string }; turn?: { confidence: number; citations: string[] } }[];
    };
    expect(detail.summary).toMatchObject({
      verdict: 'needed',
      reasons: ['visitor_request'],
      why: ['pressed "Talk to a person" (visitor_request)'],
      modeText: 'Waiting for a person',
      waitingSince: expect.any(String),
    });
    const answer = detail.transcript.find((line) => line.message.role === 'assistant');
    expect(answer?.turn?.citations).toEqual(['returns#return-window']);
    expect(answer?.turn?.confidence).toBeGreaterThan(0.5);
  });

  it('answers a bad period with 400 and names the problem', async () => {
    const relay = staffRelay();
    for (const query of [
      'from=yesterday',
      'from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z',
      'from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    ]) {
      const response = await staff(relay, `figures?${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    }
    const empty = (await (await staff(relay, 'figures?from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:00Z')).json()) as {
      days: { day: string }[];
      total: { conversations: number };
    };
    expect(empty.days.map((day) => day.day)).toEqual(['2026-12-01', '2026-12-02']);
    expect(empty.total.conversations).toBe(0);
  });
});
