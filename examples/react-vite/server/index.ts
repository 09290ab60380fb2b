/**
 * The shop's own small server: it knows who is signed in, signs that identity for the widget (`userHash`), and
 * serves the Tandem relay under /chat. Start it with `npm run server`; `npm run dev` starts the page.
 */
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createOfflineAssistant, createRelay } from '@tandem/relay';
import { loadKnowledgeFolder, serveApp } from '@tandem/relay/node';
import { Hono } from 'hono';

const secret = required('TANDEM_SECRET');
const identitySecret = required('TANDEM_IDENTITY_SECRET');
const shopOrigin = process.env.SHOP_ORIGIN ?? 'http://localhost:5173';
const port = Number(process.env.PORT ?? 3000);

const knowledge = await loadKnowledgeFolder(fileURLToPath(new URL('../knowledge/', import.meta.url)));
const relay = createRelay({
  secret,
  identitySecret,
  allowedOrigins: [shopOrigin],
  assistant: createOfflineAssistant({ knowledge }),
});

const app = new Hono();
// A real shop reads its session cookie here; this example has one signed-in customer.
app.get('/api/me', (context) => {
  const userId = 'customer-42';
  return context.json({ userId, userHash: userHash(userId), name: 'Ana Lind', email: 'ana@example.com' });
});
app.route('/chat', relay);

const server = await serveApp({ app, port, hostname: '127.0.0.1' });
console.log(`shop server on ${server.url}; open ${shopOrigin}`);

/** hex(HMAC-SHA256(identitySecret, userId)): the relay trusts the identity only when this matches. */
function userHash(userId: string): string {
  return createHmac('sha256', identitySecret).update(userId).digest('hex');
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required (see .env.example)`);
    process.exit(1);
  }
  return value;
}
