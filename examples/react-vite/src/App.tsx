import { useEffect, useState } from 'react';
import { type SignedInCustomer, useSupportChat } from './use-support-chat.ts';

function App() {
  const [customer, setCustomer] = useState<SignedInCustomer>();

  useEffect(() => {
    fetch('/api/me')
      .then((response) => (response.ok ? (response.json() as Promise<SignedInCustomer>) : undefined))
      .then(setCustomer)
      .catch(() => setCustomer(undefined));
  }, []);

  useSupportChat(customer);

  return (
    <main>
      <h1>Nordlys Outdoor</h1>
      <p>{customer ? `Signed in as ${customer.name}.` : 'Loading your account…'}</p>
      <p>Questions about an order? The chat in the corner answers, and hands you to a person when you ask.</p>
    </main>
  );
}

export default App;
