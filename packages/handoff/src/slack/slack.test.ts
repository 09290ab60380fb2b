import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message, sampleContext } from '../../test/fakes/fixtures.ts';
import { type FakeSlack, startFakeSlack } from '../../test/fakes/slack-fake.ts';
import { HandoffError } from '../errors.ts';
import type { HandoffAdapter, HandoffTicket } from '../handoff-adapter.ts';
import { verifySlackSignature } from './signature.ts';
import { createSlackHandoff } from './slack.ts';

const SIGNING_SECRET = 'slack-signing-secret-for-tests';
const BOT_TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0HANDOFF';

let slack: FakeSlack;
let adapter: HandoffAdapter;

beforeEach(async () => {
  slack = await startFakeSlack({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    channels: [CHANNEL],
    users: [
      { id: 'U0GRACE', name: 'grace', realName: 'Grace Hopper', displayName: 'Grace' },
      { id: 'U0ALAN', name: 'alan' },
    ],
  });
  adapter = createSlackHandoff({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    channel: CHANNEL,
    baseURL: slack.apiURL,
    botUserId: slack.botUserId,
  });
});

afterEach(() => slack.close());

async function rejection(promise: Promise<unknown>): Promise<HandoffError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!HandoffError.isInstance(error)) throw new Error(`expected a HandoffError, got ${String(error)}`);
  return error;
}

describe("Slack's published signature example", () => {
  // https://api.slack.com/authentication/verifying-requests-from-slack
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const timestamp = '1531420618';
  const body =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const signature = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

  it('verifies with the documented secret, timestamp and body', async () => {
    expect(await verifySlackSignature(secret, timestamp, body, signature)).toBe(true);
    expect(await verifySlackSignature(secret, timestamp, `${body}x`, signature)).toBe(false);
    expect(await verifySlackSignature(secret, '1531420619', body, signature)).toBe(false);
  });

  it('is accepted by the adapter at the documented time, and refused five minutes later', async () => {
    const request = () =>
      new Request('http://relay.test/v1/webhooks/slack', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': signature,
        },
        body,
      });
    const at = (seconds: number) =>
      createSlackHandoff({
        botToken: BOT_TOKEN,
        signingSecret: secret,
        channel: 'G8PSS9T3V',
        baseURL: slack.apiURL,
        now: () => seconds * 1000,
      });
    const accepted = await at(1531420618).inbound?.(request());
    expect(accepted?.events).toEqual([]);
    expect(await accepted?.response?.json()).toEqual({
      response_type: 'ephemeral',
      text: 'Unknown command /webhook-collect.',
    });
    expect((await rejection(at(1531420618 + 301).inbound?.(request()) ?? Promise.resolve())).code).toBe('unauthorized');
  });
});

describe('posting a handoff', () => {
  it('posts the context packet as Block Kit in the channel, tagged with the idempotency key', async () => {
    const ticket = await adapter.open(sampleContext());
    const [parent] = slack.parents(CHANNEL);
    expect(ticket).toEqual({
      adapter: 'slack',
      id: `${CHANNEL}:${parent?.ts}`,
      data: { channel: CHANNEL, threadTs: parent?.ts },
    });
    expect(parent?.text).toContain('Parcel #4411 is two weeks late');
    expect(JSON.stringify(parent?.blocks)).toContain(
      'customer upset (negative_sentiment), sensitive topic: refund (topic:refund)',
    );
    expect(parent?.metadata).toEqual({
      event_type: 'tandem_handoff',
      event_payload: { idempotency_key: 'c_7f3a9', conversation_id: 'c_7f3a9' },
    });
    expect(slack.thread(CHANNEL, parent?.ts ?? '')[0]?.text).toContain(`/tandem-close ${parent?.ts}`);
  });

  it('never posts twice when the first post reached Slack but its answer was lost', async () => {
    slack.failNext('chat.postMessage', { kind: 'lose-response' });
    const error = await rejection(adapter.open(sampleContext()));
    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
    const ticket = await adapter.open(sampleContext());
    expect(slack.parents(CHANNEL)).toHaveLength(1);
    expect(ticket.id).toBe(`${CHANNEL}:${slack.parents(CHANNEL)[0]?.ts}`);
  });

  it('still posts when the app lacks the history scope the duplicate check needs', async () => {
    slack.failNext('conversations.history', { kind: 'error', error: 'missing_scope' });
    await adapter.open(sampleContext());
    expect(slack.parents(CHANNEL)).toHaveLength(1);
  });

  it('posts to the channel a routing rule names', async () => {
    const other = await startFakeSlack({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      channels: [CHANNEL, 'C0VIP'],
    });
    const routed = createSlackHandoff({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      channel: CHANNEL,
      baseURL: other.apiURL,
    });
    const ticket = await routed.open(sampleContext(), { route: 'C0VIP' });
    expect(ticket.id.startsWith('C0VIP:')).toBe(true);
    expect(other.parents('C0VIP')).toHaveLength(1);
    await other.close();
  });

  it('forwards later visitor messages as thread replies and closes with a note', async () => {
    const ticket = await adapter.open(sampleContext());
    await adapter.send(ticket, message('m4', 'visitor', 'Hello? Anyone there?'));
    await adapter.close(ticket, { reason: 'The customer closed the chat.' });
    const thread = slack.thread(CHANNEL, ticket.data?.threadTs ?? '');
    expect(thread.map((reply) => reply.text)).toEqual([
      expect.stringContaining('Reply in this thread'),
      'Customer: Hello? Anyone there?',
      ':lock: The customer closed the chat.',
    ]);
  });

  it('reports rate limits as retryable with the Retry-After delay', async () => {
    slack.failNext('conversations.history', { kind: 'rate-limit', retryAfterSeconds: 3 });
    const error = await rejection(adapter.open(sampleContext()));
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, status: 429, retryAfterMs: 3000 });
    expect(slack.parents()).toHaveLength(0);
  });

  it('reports a bad token and a missing channel as errors a retry cannot fix', async () => {
    const badToken = createSlackHandoff({
      botToken: 'xoxb-wrong',
      signingSecret: SIGNING_SECRET,
      channel: CHANNEL,
      baseURL: slack.apiURL,
    });
    expect(await rejection(badToken.open(sampleContext()))).toMatchObject({ code: 'auth_failed', retryable: false });
    const missing = await rejection(adapter.open(sampleContext(), { route: 'C0GONE' }));
    expect(missing).toMatchObject({ code: 'not_found', retryable: false });
    expect(missing.message).toContain('channel_not_found');
  });

  it('treats Slack 5xx answers as retryable', async () => {
    slack.failNext('chat.postMessage', { kind: 'status', status: 503 });
    expect(await rejection(adapter.open(sampleContext()))).toMatchObject({
      code: 'unavailable',
      retryable: true,
      status: 503,
    });
  });

  it('refuses invalid options at creation', () => {
    expect(() => createSlackHandoff({ botToken: '', signingSecret: 's', channel: 'general' })).toThrow(
      /botToken.*channel: must be a Slack channel id/s,
    );
  });
});

describe('Slack events coming back', () => {
  let ticket: HandoffTicket;
  let threadTs: string;
  beforeEach(async () => {
    ticket = await adapter.open(sampleContext());
    threadTs = ticket.data?.threadTs ?? '';
  });

  it('answers the url_verification challenge', async () => {
    const result = await adapter.inbound?.(
      await slack.urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'),
    );
    expect(result?.events).toEqual([]);
    expect(await result?.response?.json()).toEqual({
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
  });

  it("turns a person's thread reply into an agent reply with their display name", async () => {
    const request = await slack.humanReply({
      channel: CHANNEL,
      threadTs,
      user: 'U0GRACE',
      text: 'So sorry &amp; refunded &lt;today&gt;. See <https://shop.example/r|your refund>',
    });
    const { events } = (await adapter.inbound?.(request)) ?? { events: [] };
    expect(events).toEqual([
      {
        type: 'agent-reply',
        ticketId: ticket.id,
        dedupeKey: expect.stringMatching(/^event:Ev/),
        agent: { name: 'Grace' },
        text: 'So sorry & refunded <today>. See your refund (https://shop.example/r)',
      },
    ]);
  });

  it('falls back to the user name when a person has no display name', async () => {
    const { events } = (await adapter.inbound?.(
      await slack.humanReply({ channel: CHANNEL, threadTs, user: 'U0ALAN', text: 'On it' }),
    )) ?? { events: [] };
    expect(events[0]).toMatchObject({ agent: { name: 'alan' } });
  });

  it('looks each agent up once, and shows a neutral name when the profile cannot be read', async () => {
    await adapter.inbound?.(await slack.humanReply({ channel: CHANNEL, threadTs, user: 'U0GRACE', text: 'one' }));
    await adapter.inbound?.(await slack.humanReply({ channel: CHANNEL, threadTs, user: 'U0GRACE', text: 'two' }));
    expect(slack.calls.filter((call) => call.method === 'users.info')).toHaveLength(1);
    const { events } = (await adapter.inbound?.(
      await slack.humanReply({ channel: CHANNEL, threadTs, user: 'U0GHOST', text: 'hello' }),
    )) ?? { events: [] };
    expect(events[0]).toMatchObject({ agent: { name: 'Support agent' }, text: 'hello' });
  });

  it("ignores the bot's own posts, edits and messages outside a thread", async () => {
    for (const event of [
      {
        type: 'message',
        channel: CHANNEL,
        user: 'UBOT',
        bot_id: 'B0TANDEM',
        text: 'Customer: hi',
        ts: '2.000001',
        thread_ts: threadTs,
      },
      { type: 'message', subtype: 'message_changed', channel: CHANNEL, ts: '2.000002', thread_ts: threadTs },
      { type: 'message', channel: CHANNEL, user: 'U0GRACE', text: 'lunch?', ts: '2.000003' },
    ]) {
      expect((await adapter.inbound?.(await slack.event(event)))?.events).toEqual([]);
    }
  });

  it("gives Slack's retries of one event the same dedupe key", async () => {
    const event = {
      type: 'message',
      channel: CHANNEL,
      user: 'U0GRACE',
      text: 'Refunded.',
      ts: '3.000001',
      thread_ts: threadTs,
    };
    const first = await adapter.inbound?.(await slack.event(event, { eventId: 'Ev0RETRY' }));
    const retry = await adapter.inbound?.(await slack.event(event, { eventId: 'Ev0RETRY', retryNum: 1 }));
    expect(first?.events[0]?.dedupeKey).toBe('event:Ev0RETRY');
    expect(retry?.events[0]?.dedupeKey).toBe('event:Ev0RETRY');
  });

  it('closes on the close reaction and tells the customer someone joined on the join reaction', async () => {
    const joined = await adapter.inbound?.(
      await slack.reaction({ channel: CHANNEL, ts: threadTs, user: 'U0GRACE', reaction: 'eyes' }),
    );
    const closed = await adapter.inbound?.(
      await slack.reaction({ channel: CHANNEL, ts: threadTs, user: 'U0GRACE', reaction: 'white_check_mark' }),
    );
    const other = await adapter.inbound?.(
      await slack.reaction({ channel: CHANNEL, ts: threadTs, user: 'U0GRACE', reaction: 'tada' }),
    );
    expect(joined?.events).toEqual([
      { type: 'agent-joined', ticketId: ticket.id, dedupeKey: expect.any(String), agent: { name: 'Grace' } },
    ]);
    expect(closed?.events).toEqual([
      { type: 'closed', ticketId: ticket.id, dedupeKey: expect.any(String), agent: { name: 'Grace' } },
    ]);
    expect(other?.events).toEqual([]);
  });

  it('reads 👍 and 👎 on the handoff message as the agent marking the handoff needed or not needed', async () => {
    const needed = await adapter.inbound?.(
      await slack.reaction({ channel: CHANNEL, ts: threadTs, user: 'U0GRACE', reaction: '+1::skin-tone-3' }),
    );
    const notNeeded = await adapter.inbound?.(
      await slack.reaction({ channel: CHANNEL, ts: threadTs, user: 'U0GRACE', reaction: '-1' }),
    );
    expect(needed?.events).toEqual([
      {
        type: 'handoff-review',
        ticketId: ticket.id,
        dedupeKey: expect.any(String),
        verdict: 'needed',
        agent: { name: 'Grace' },
      },
    ]);
    expect(notNeeded?.events).toMatchObject([{ type: 'handoff-review', verdict: 'not_needed' }]);
    const forged = await slack.reaction(
      { channel: CHANNEL, ts: threadTs, user: 'U0GRACE', reaction: '-1' },
      { signingSecret: 'not-the-signing-secret' },
    );
    const error = await adapter.inbound?.(forged).catch((caught: unknown) => caught);
    expect(HandoffError.isInstance(error) && error.code).toBe('unauthorized');
  });

  it('closes on the slash command given the thread id or a link to the message', async () => {
    const byId = await adapter.inbound?.(
      await slack.slashCommand({ channel: CHANNEL, user: 'U0GRACE', command: '/tandem-close', text: threadTs }),
    );
    expect(byId?.events).toEqual([
      { type: 'closed', ticketId: ticket.id, dedupeKey: expect.stringMatching(/^command:/), agent: { name: 'Grace' } },
    ]);
    expect(await byId?.response?.json()).toEqual({ response_type: 'ephemeral', text: 'Closing the conversation.' });
    const link = `https://tandem.slack.com/archives/${CHANNEL}/p${threadTs.replace('.', '')}`;
    const byLink = await adapter.inbound?.(
      await slack.slashCommand({ channel: CHANNEL, user: 'U0GRACE', command: '/tandem-close', text: link }),
    );
    expect(byLink?.events[0]?.ticketId).toBe(ticket.id);
    const usage = await adapter.inbound?.(
      await slack.slashCommand({ channel: CHANNEL, user: 'U0GRACE', command: '/tandem-close', text: 'please' }),
    );
    expect(usage?.events).toEqual([]);
  });

  it('refuses unsigned, forged and stale requests without reading their events', async () => {
    const valid = await slack.humanReply({ channel: CHANNEL, threadTs, user: 'U0GRACE', text: 'hi' });
    const body = await valid.clone().text();
    const unsigned = new Request(valid.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const forged = new Request(valid.url, {
      method: 'POST',
      headers: valid.headers,
      body: body.replace('hi', 'send me your password'),
    });
    const wrongSecret = await slack.humanReply(
      { channel: CHANNEL, threadTs, user: 'U0GRACE', text: 'hi' },
      { signingSecret: 'guessed' },
    );
    const stale = await slack.humanReply(
      { channel: CHANNEL, threadTs, user: 'U0GRACE', text: 'hi' },
      { timestampSeconds: Math.floor(Date.now() / 1000) - 301 },
    );
    const callsBefore = slack.calls.length;
    for (const request of [unsigned, forged, wrongSecret, stale]) {
      const error = await rejection(adapter.inbound?.(request) ?? Promise.resolve());
      expect(error.code).toBe('unauthorized');
    }
    // Nothing in a refused body is acted on: not even the user lookup for the agent's name.
    expect(slack.calls.length).toBe(callsBefore);
  });
});
