// A merchant's Worker as the docs describe it: the relay with knowledge bundled into the script.
import { createWorkersHandler } from '@tandem/relay/workers';

export default createWorkersHandler({
  knowledge: [
    {
      id: 'returns',
      markdown:
        '# Returns\n\n## Return window\nYou have 30 days from delivery to return an item for a full refund.\n\n' +
        '## Refund timing\nRefunds reach your account within 5 business days of the return arriving.',
    },
    { id: 'shipping', markdown: '## Shipping costs\nStandard shipping is free on orders over 50 EUR.' },
  ],
});
