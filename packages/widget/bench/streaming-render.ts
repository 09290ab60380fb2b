/**
 * How the widget's rendering cost of a streamed answer grows with the transcript above it. The real UI over
 * the real controller and a real relay (in this process, offline assistant), rendered into happy-dom.
 * bench/widget-render.ts runs this file in a child process from packages/widget, where it resolves the widget's
 * dependencies and its tsconfig (JSX for Preact).
 */
import { createOfflineAssistant, createRelay } from '@tandem/relay';
import { Window } from 'happy-dom';
import { h, render } from 'preact';

const ANSWER_WORDS = 300;
const TIMEOUT_MS = 20_000;

export interface StreamingRenderResult {
  /** Milliseconds from send until the whole answer is on screen, one entry per round. */
  small: number[];
  large: number[];
}

export async function measureStreamingRender(options: {
  smallTranscript: number;
  largeTranscript: number;
  rounds: number;
}): Promise<StreamingRenderResult> {
  installDom();
  // Imported after the DOM globals exist, as in a browser.
  const { App } = await import('../src/ui/app.tsx');
  const { ChatController } = await import('../src/core/controller.ts');
  const { createMemoryStorage } = await import('../src/core/storage/memory-storage.ts');

  async function once(transcript: number): Promise<number> {
    const answer = Array.from({ length: ANSWER_WORDS }, (_, index) => `word${index}`).join(' ');
    const relay = createRelay({
      secret: 'bench-secret-bench-secret-bench-secret',
      assistant: createOfflineAssistant({
        knowledge: [{ id: 'returns', markdown: `## Returns and refunds\nReturns: ${answer}` }],
      }),
      allowedOrigins: '*',
      logLevel: 'warn',
      policy: false,
    });
    const controller = new ChatController({
      relayUrl: 'http://relay.bench',
      fetch: async (input, init) => {
        const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
        return relay.request(url.pathname + url.search, init);
      },
      storage: createMemoryStorage(),
      channel: null,
      locks: null,
      open: true,
    });
    const container = document.createElement('div');
    document.body.appendChild(container);
    render(h(App, { controller, options: {} }), container);
    try {
      await controller.send('Hello');
      await until(() => container.querySelector('.message.assistant[data-status="complete"]') !== null);
      const conversationId = controller.conversationId as string;
      for (let index = 0; index < transcript; index++) {
        await relay.conversations.appendAgentMessage(conversationId, {
          author: { name: 'Maya' },
          text: `Reply **${index}** with a [link](https://shop.example/${index}) and a list:\n- one\n- two`,
          externalId: `seed-${index}`,
        });
      }
      await relay.conversations.handBack(conversationId);
      await until(() => container.querySelectorAll('.message.agent').length === transcript);

      const start = performance.now();
      await controller.send('How do returns and refunds work?');
      await until(() => container.querySelectorAll('.message.assistant[data-status="complete"]').length === 2);
      return performance.now() - start;
    } finally {
      render(null, container);
      container.remove();
      controller.destroy();
    }
  }

  const result: StreamingRenderResult = { small: [], large: [] };
  await once(options.smallTranscript); // warm-up
  for (let round = 0; round < options.rounds; round++) {
    result.small.push(await once(options.smallTranscript));
    result.large.push(await once(options.largeTranscript));
  }
  return result;
}

function installDom(): void {
  if (typeof document !== 'undefined') return;
  const window = new Window({ url: 'http://127.0.0.1/' });
  const globals = globalThis as Record<string, unknown>;
  for (const name of ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Event', 'KeyboardEvent', 'ShadowRoot']) {
    globals[name] = name === 'window' ? window : (window as unknown as Record<string, unknown>)[name];
  }
  globals.requestAnimationFrame = (callback: (time: number) => void) =>
    setTimeout(() => callback(performance.now()), 0);
  globals.cancelAnimationFrame = (handle: ReturnType<typeof setTimeout>) => clearTimeout(handle);
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`the widget did not reach the expected state within ${TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

// Run directly (from packages/widget, so tsx compiles the UI's JSX for Preact): prints the result as JSON.
if (process.argv[1] && import.meta.url === new URL(process.argv[1], 'file://').href) {
  const [small = '0', large = '300', rounds = '5'] = process.argv.slice(2);
  const result = await measureStreamingRender({
    smallTranscript: Number(small),
    largeTranscript: Number(large),
    rounds: Number(rounds),
  });
  console.log(JSON.stringify(result));
  process.exit(0);
}
