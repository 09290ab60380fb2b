import { createTandemApi } from '@tandem/widget';
import { useEffect } from 'react';

/** What the shop's server says about the signed-in customer (server/index.ts, GET /api/me). */
export interface SignedInCustomer {
  userId: string;
  /** hex(HMAC-SHA256(identitySecret, userId)), computed by the server: the browser never sees the secret. */
  userHash: string;
  name: string;
  email: string;
}

// One widget for the whole page. The relay is served by the shop's own server under /chat (the Vite dev server
// proxies it), so the widget talks to this page's origin.
const tandem = createTandemApi();
let booted = false;

/** Shows the support chat and, once the server has said who the customer is, tells the widget. */
export function useSupportChat(customer: SignedInCustomer | undefined): void {
  useEffect(() => {
    // React's StrictMode runs effects twice in development; the widget is booted once and lives with the page.
    if (booted) return;
    booted = true;
    tandem.boot({ relayUrl: `${window.location.origin}/chat`, siteId: 'nordlys' });
  }, []);

  useEffect(() => {
    if (customer) tandem.identify(customer);
  }, [customer]);
}
