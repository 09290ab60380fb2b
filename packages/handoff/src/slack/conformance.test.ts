import { startFakeSlack } from '../../test/fakes/slack-fake.ts';
import { testHandoffAdapter } from '../../test/index.ts';
import { createSlackHandoff } from './slack.ts';

const SIGNING_SECRET = 'conformance-signing-secret';
const BOT_TOKEN = 'xoxb-conformance';
const CHANNEL = 'C0HANDOFF';
const threadOf = (ticketId: string) => ticketId.split(':')[1] ?? '';

testHandoffAdapter({
  name: 'slack',
  async helpdesk() {
    const slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, channels: [CHANNEL] });
    let userCount = 0;
    return {
      slack,
      signatureHeaders: ['x-slack-signature', 'x-slack-request-timestamp'],
      tickets: () =>
        slack.parents(CHANNEL).map((parent) => {
          const thread = slack.thread(CHANNEL, parent.ts).map((reply) => reply.text);
          return {
            id: `${CHANNEL}:${parent.ts}`,
            messages: thread,
            closed: thread.some((text) => text.startsWith(':lock:')),
          };
        }),
      loseNextOpenResponse: () => slack.failNext('chat.postMessage', { kind: 'lose-response' }),
      async agentReply(ticket, reply, signing = {}) {
        const user = `U0AGENT${++userCount}`;
        slack.addUser({ id: user, name: reply.agentName.toLowerCase(), displayName: reply.agentName });
        return slack.humanReply(
          { channel: CHANNEL, threadTs: threadOf(ticket.id), user, text: reply.text },
          signingSettings(signing),
        );
      },
      async closeTicket(ticket, signing = {}) {
        slack.addUser({ id: 'U0CLOSER', name: 'closer' });
        return slack.reaction(
          { channel: CHANNEL, ts: threadOf(ticket.id), user: 'U0CLOSER', reaction: 'white_check_mark' },
          signingSettings(signing),
        );
      },
      close: () => slack.close(),
    };
  },
  attachments: {
    async received(helpdesk, ticket) {
      return helpdesk.slack
        .thread(CHANNEL, threadOf(ticket.id))
        .flatMap((reply) => reply.files ?? [])
        .map((file) => ({ name: file.name, bytes: file.bytes }));
    },
    async agentReplyWithFile(helpdesk, ticket, reply) {
      helpdesk.slack.addUser({ id: 'U0FILER', name: 'filer', displayName: reply.agentName });
      return helpdesk.slack.humanFileShare({
        channel: CHANNEL,
        threadTs: threadOf(ticket.id),
        user: 'U0FILER',
        text: reply.text,
        files: [{ name: reply.file.name, mimetype: reply.file.contentType, bytes: reply.file.bytes }],
      });
    },
  },
  createAdapter: (helpdesk, { now }) =>
    createSlackHandoff({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      channel: CHANNEL,
      baseURL: helpdesk.slack.apiURL,
      botUserId: helpdesk.slack.botUserId,
      ...(now === undefined ? {} : { now }),
    }),
});

function signingSettings(signing: { timestampSeconds?: number; secret?: string }) {
  return {
    ...(signing.timestampSeconds === undefined ? {} : { timestampSeconds: signing.timestampSeconds }),
    ...(signing.secret === undefined ? {} : { signingSecret: signing.secret }),
  };
}
