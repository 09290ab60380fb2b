import { mount } from '../mount.ts';
import { optionsFromScript } from '../options.ts';

// Runs when the script-tag build loads: reads data-* options and mounts once the body exists.
const script = document.currentScript as HTMLScriptElement | null;
const options = optionsFromScript(script);

function start() {
  if (!options.relayUrl) {
    console.error('[tandem] data-relay-url is missing on the widget script tag; the chat is not shown.');
    return;
  }
  mount({ ...options, relayUrl: options.relayUrl });
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start, { once: true });
