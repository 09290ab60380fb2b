// A merchant's own Hono app on Workers with the relay mounted under /chat.
import { createWorkersHandler } from '@tandem/relay/workers';
import { Hono } from 'hono';

export default createWorkersHandler({
  knowledge: [{ id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item.' }],
  mount: (relay) => new Hono().get('/', (context) => context.text('Nordlys shop')).route('/chat', relay),
});
