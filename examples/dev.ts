import { startDemo } from './demo.ts';

const demo = await startDemo({
  relayPort: Number(process.env.TANDEM_RELAY_PORT ?? 8787),
  shopPort: Number(process.env.TANDEM_SHOP_PORT ?? 8080),
  wordDelayMs: 25,
});
console.log(
  `\n  Tandem demo is running.\n\n  Shop page with the widget:  ${demo.shop.url}\n  Relay:                      ${demo.relay.url}\n  Support console:            ${demo.agentPage}\n\n  Open the shop page and click the chat button; ask for a person and answer on the support console. Ctrl+C stops.\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void demo.close().then(() => process.exit(0));
  });
}
