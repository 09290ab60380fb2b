import { createTandemApi, mount, type WidgetOptions } from '@tandem/widget';

const options: WidgetOptions = { relayUrl: 'https://chat.example.com', siteId: 'my-shop' };
const widget = mount(options);
widget?.controller.open();

const tandem = createTandemApi();
tandem.identify({ userId: '42', userHash: 'from-your-server' });
const stop = tandem.on('message', (message) => console.log(message.role, message.text));
document.querySelector('#app')?.addEventListener('click', stop);
