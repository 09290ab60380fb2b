// The relay on Workers as the streaming benchmark runs it: the same workload as on Node.
import { createOfflineAssistant } from '../../packages/relay/src/index.ts';
import type {
  DurableObjectNamespaceLike,
  DurableObjectStubLike,
} from '../../packages/relay/src/workers/durable-object-types.ts';
import { createDurableObjectStore, createWorkersHandler } from '../../packages/relay/src/workers/index.ts';
import { BENCH_RELAY_OPTIONS, KNOWLEDGE, STREAMING_WORD_DELAY_MS } from '../lib/workload.ts';

/** One request from the relay to a Durable Object: its path, and for an appended event, the event's type. */
export interface ObjectRequest {
  path: string;
  eventType?: string;
}

/** The requests to objects since the benchmark last asked (GET /bench/object-requests takes and clears them). */
let objectRequests: ObjectRequest[] = [];

const handlerOptions = {
  knowledge: KNOWLEDGE,
  assistant: () => createOfflineAssistant({ knowledge: KNOWLEDGE, wordDelayMs: STREAMING_WORD_DELAY_MS }),
  options: BENCH_RELAY_OPTIONS,
};
const withMemoryStore = createWorkersHandler(handlerOptions);
const withDurableObjects = createWorkersHandler({
  ...handlerOptions,
  store: (bindings) =>
    createDurableObjectStore({ namespace: counted(bindings.TANDEM_CONVERSATIONS as DurableObjectNamespaceLike) }),
});

export default {
  async fetch(request: Request, bindings: Record<string, unknown>, context: never): Promise<Response> {
    if (new URL(request.url).pathname === '/bench/object-requests') {
      const taken = objectRequests;
      objectRequests = [];
      return Response.json(taken);
    }
    const handler = bindings.TANDEM_CONVERSATIONS ? withDurableObjects : withMemoryStore;
    return handler.fetch(request, bindings, context);
  },
};

/** The namespace, noting every request the store sends to an object. */
function counted(namespace: DurableObjectNamespaceLike): DurableObjectNamespaceLike {
  return {
    idFromName: (name) => namespace.idFromName(name),
    get(id) {
      const stub = namespace.get(id);
      const countedStub: DurableObjectStubLike = {
        fetch(input, init) {
          const noted: ObjectRequest = { path: `${init?.method ?? 'GET'} ${new URL(input).pathname}` };
          const event = typeof init?.body === 'string' ? (JSON.parse(init.body) as { event?: { type?: string } }) : {};
          if (event.event?.type) noted.eventType = event.event.type;
          objectRequests.push(noted);
          return stub.fetch(input, init);
        },
      };
      return countedStub;
    },
  };
}

// Bound as TANDEM_CONVERSATIONS in the Durable Object variant of the benchmark.
export { TandemConversation } from '../../packages/relay/src/workers/index.ts';
