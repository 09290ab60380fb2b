import { createWorkersHandler } from '@tandem/relay/workers';
import account from '../../shop/knowledge/account.md';
import orderTracking from '../../shop/knowledge/order-tracking.md';
import payments from '../../shop/knowledge/payments.md';
import returns from '../../shop/knowledge/returns.md';
import shipping from '../../shop/knowledge/shipping.md';
import warranty from '../../shop/knowledge/warranty.md';

// The Durable Object class bound as TANDEM_CONVERSATIONS in wrangler.toml.
export { TandemConversation } from '@tandem/relay/workers';

export default createWorkersHandler({
  knowledge: [
    { id: 'account', markdown: account },
    { id: 'order-tracking', markdown: orderTracking },
    { id: 'payments', markdown: payments },
    { id: 'returns', markdown: returns },
    { id: 'shipping', markdown: shipping },
    { id: 'warranty', markdown: warranty },
  ],
});
