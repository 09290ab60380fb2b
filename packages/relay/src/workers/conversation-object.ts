import type { ConversationEvent, Message, NewConversationEvent } from '@tandem/protocol';
import type { ConversationRecord, CounterValue, VisitorMessageOutcome } from '../store/store.ts';
import type { DurableObjectStateLike } from './durable-object-types.ts';
import {
  afterIdSchema,
  appendBodySchema,
  claimBodySchema,
  counterBodySchema,
  createBodySchema,
  encodeEventLine,
  errorResponse,
  SUBSCRIBER_HEADER,
  sendBodySchema,
  transitionBodySchema,
  unsubscribeBodySchema,
  updateBodySchema,
} from './durable-object-wire.ts';

const EVENT_PREFIX = 'event:';
const ID_WIDTH = 12;
/** Events queued for a subscriber that reads none of them before it is dropped. */
const UNREAD_LIMIT = 1000;

interface KeyEntry {
  value: string;
  expiresAt: number;
}

/** A visitor message's client id, kept by its conversation's object so a repeated send is told apart at once. */
interface ClientMessageEntry {
  message: Message;
  expiresAt: number;
}

/**
 * The Durable Object behind `createDurableObjectStore()`. One instance per conversation holds its record and
 * event log and fans new events out to its subscribers; one instance per key holds an idempotency key or a
 * rate-limit counter. A Durable Object runs one request at a time, so every operation is atomic without locks,
 * and every relay isolate anywhere reaches the same instance.
 *
 * Bind it in wrangler.toml as `TANDEM_CONVERSATIONS` with `class_name = "TandemConversation"`.
 */
export class TandemConversation {
  private record: ConversationRecord | undefined;
  private events: ConversationEvent[] = [];
  private entry: KeyEntry | undefined;
  /** For `POST /conversation/send`: the conversation's own rate-limit window and its visitors' client message ids. */
  private sendCounter: CounterValue | undefined;
  private clientMessages: Record<string, ClientMessageEntry> = {};
  private readonly listeners = new Map<string, (event: ConversationEvent) => void>();

  constructor(
    private readonly state: DurableObjectStateLike,
    _bindings?: unknown,
  ) {
    void state.blockConcurrencyWhile(async () => {
      this.record = await state.storage.get<ConversationRecord>('record');
      this.entry = await state.storage.get<KeyEntry>('entry');
      this.sendCounter = await state.storage.get<CounterValue>('send-counter');
      this.clientMessages = (await state.storage.get<Record<string, ClientMessageEntry>>('client-messages')) ?? {};
      const stored = await state.storage.list<ConversationEvent>({ prefix: EVENT_PREFIX });
      this.events = [...stored.values()];
    });
  }

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    try {
      const route = `${request.method} ${url.pathname}`;
      switch (route) {
        case 'POST /conversation/create':
          return await this.create(
            createBodySchema.parse(await request.json()).record as unknown as ConversationRecord,
          );
        case 'GET /conversation':
          return this.record ? Response.json(this.record) : unknownConversation();
        case 'POST /conversation/update':
          return await this.update(updateBodySchema.parse(await request.json()));
        case 'POST /conversation/transition':
          return await this.transition(transitionBodySchema.parse(await request.json()));
        case 'POST /conversation/send':
          return await this.send(sendBodySchema.parse(await request.json()) as SendBody);
        case 'POST /conversation/events':
          return await this.append(appendBodySchema.parse(await request.json()).event as NewConversationEvent);
        case 'GET /conversation/events':
          return this.record ? Response.json(this.eventsAfter(afterIdOf(url))) : unknownConversation();
        case 'POST /conversation/delete': {
          const existed = this.record !== undefined;
          this.record = undefined;
          this.events = [];
          this.sendCounter = undefined;
          this.clientMessages = {};
          await this.state.storage.deleteAll();
          return Response.json({ deleted: existed });
        }
        case 'GET /conversation/listeners':
          return Response.json({ listeners: this.listeners.size });
        case 'GET /conversation/subscribe':
          return this.record ? this.subscribe(afterIdOf(url)) : unknownConversation();
        case 'POST /conversation/unsubscribe':
          // Only forgotten, not closed: the caller has already cancelled its end of the stream.
          this.listeners.delete(unsubscribeBodySchema.parse(await request.json()).subscriber);
          return Response.json({ unsubscribed: true });
        case 'GET /key':
          return Response.json({ value: this.liveEntry()?.value ?? null });
        case 'POST /key/claim':
          return await this.claim(claimBodySchema.parse(await request.json()));
        case 'POST /key/set':
          return await this.setEntry(claimBodySchema.parse(await request.json()));
        case 'POST /key/delete':
          this.entry = undefined;
          await this.state.storage.deleteAll();
          return Response.json({ deleted: true });
        case 'POST /key/increment':
          return await this.increment(counterBodySchema.parse(await request.json()).windowSeconds);
        default:
          return errorResponse(404, 'not_found', `No operation ${route}.`);
      }
    } catch (error) {
      return errorResponse(400, 'bad_request', error instanceof Error ? error.message : String(error));
    }
  }

  /** Removes a key once it has expired, so idempotency keys and counters do not pile up. */
  async alarm(): Promise<void> {
    if (this.entry && this.entry.expiresAt <= Date.now()) {
      this.entry = undefined;
      await this.state.storage.deleteAll();
    }
  }

  // --- internal ---

  private async create(record: ConversationRecord): Promise<Response> {
    if (this.record) return errorResponse(409, 'conflict', `Conversation ${record.id} exists.`);
    this.record = record;
    await this.state.storage.put('record', record);
    return Response.json({ created: true }, { status: 201 });
  }

  private async update(body: {
    patch: Record<string, unknown>;
    ifModeIn?: string[] | undefined;
    ifAwaitingAnswer?: string | undefined;
  }): Promise<Response> {
    if (!this.record) return unknownConversation();
    if (body.ifModeIn && !body.ifModeIn.includes(this.record.mode)) return Response.json({ record: null });
    if (body.ifAwaitingAnswer !== undefined && this.record.awaitingAnswer !== body.ifAwaitingAnswer) {
      return Response.json({ record: null });
    }
    this.record = patched(this.record, body.patch);
    await this.state.storage.put('record', this.record);
    return Response.json({ record: this.record });
  }

  /**
   * The record and the events in one `put` of several keys, which Durable Object storage writes atomically: a
   * crash leaves either all of them or none.
   */
  private async transition(body: {
    patch: Record<string, unknown>;
    ifModeIn?: string[] | undefined;
    events: Array<{ type: string }>;
  }): Promise<Response> {
    if (!this.record) return unknownConversation();
    if (body.ifModeIn && !body.ifModeIn.includes(this.record.mode)) return Response.json({ record: null });
    this.record = patched(this.record, body.patch);
    const stored: ConversationEvent[] = [];
    for (const event of body.events) {
      const next = this.nextEvent(event as NewConversationEvent);
      // Each id is taken as the event joins the log, so the next one counts it.
      this.events.push(next);
      stored.push(next);
    }
    await this.state.storage.put({
      record: this.record,
      ...Object.fromEntries(stored.map((event) => [eventKey(event.id), event])),
    });
    for (const event of stored) await this.compact(event);
    for (const event of stored) for (const listener of this.listeners.values()) listener(event);
    return Response.json({ record: this.record, events: stored });
  }

  /**
   * A visitor's message in one request (see `ConversationStore.acceptVisitorMessage`): the site, the rate limit, the
   * client message id, the cap on events and, in assistant mode, the message stored awaiting its answer, with one
   * atomic write of whatever changed. The object runs one request at a time, so nothing comes between the checks.
   */
  private async send(body: SendBody): Promise<Response> {
    const answer = (outcome: VisitorMessageOutcome) => Response.json(outcome);
    if (!this.record) return answer({ outcome: 'unknown-conversation' });
    if (this.record.siteId !== body.siteId) return answer({ outcome: 'other-site' });
    const now = Date.now();
    const window = this.sendCounter && this.sendCounter.resetAt > now ? this.sendCounter : undefined;
    this.sendCounter = window
      ? { count: window.count + 1, resetAt: window.resetAt }
      : { count: 1, resetAt: now + body.rateLimit.windowSeconds * 1000 };
    const writes: Record<string, unknown> = { 'send-counter': this.sendCounter };
    const clientMessageId = body.message.clientMessageId;
    const earlier = this.clientMessages[clientMessageId];
    let outcome: VisitorMessageOutcome | undefined;
    if (this.sendCounter.count > body.rateLimit.limit) {
      outcome = { outcome: 'rate-limited', resetAt: this.sendCounter.resetAt };
    } else if (earlier && earlier.expiresAt > now) {
      outcome = { outcome: 'duplicate', message: earlier.message };
    } else if (body.maxEvents !== undefined && (this.events.at(-1)?.id ?? 0) > body.maxEvents) {
      outcome = { outcome: 'full' };
    } else if (this.record.mode !== 'assistant') {
      outcome = { outcome: 'elsewhere', record: this.record };
    }
    if (outcome) {
      await this.state.storage.put(writes);
      return answer(outcome);
    }
    // Expired ids go as new ones come: the map holds at most a time-to-live's worth of one conversation's messages.
    for (const [id, entry] of Object.entries(this.clientMessages)) {
      if (entry.expiresAt <= now) delete this.clientMessages[id];
    }
    this.clientMessages[clientMessageId] = {
      message: body.message,
      expiresAt: now + body.idempotencyTtlSeconds * 1000,
    };
    this.record = patched(this.record, { awaitingAnswer: body.message.id });
    const stored = this.nextEvent({ type: 'message', message: body.message });
    this.events.push(stored);
    await this.state.storage.put({
      ...writes,
      'client-messages': this.clientMessages,
      record: this.record,
      [eventKey(stored.id)]: stored,
    });
    for (const listener of this.listeners.values()) listener(stored);
    return answer({ outcome: 'stored', record: this.record, events: this.events });
  }

  private async append(event: NewConversationEvent): Promise<Response> {
    if (!this.record) return unknownConversation();
    const stored = this.nextEvent(event);
    // In memory first: the id is taken before any await, so concurrent appends never share one.
    this.events.push(stored);
    await this.state.storage.put(eventKey(stored.id), stored);
    await this.compact(stored);
    for (const listener of this.listeners.values()) listener(stored);
    return Response.json(stored);
  }

  /** The final message replaces its streamed pieces: the object holds messages, not words. */
  private async compact(event: ConversationEvent): Promise<void> {
    if (event.type !== 'message') return;
    const messageId = event.message.id;
    const pieces = this.events.filter((stored) => stored.type === 'message-delta' && stored.messageId === messageId);
    if (pieces.length === 0) return;
    this.events = this.events.filter((stored) => !pieces.includes(stored));
    for (const piece of pieces) await this.state.storage.delete(eventKey(piece.id));
  }

  private nextEvent(event: NewConversationEvent): ConversationEvent {
    return {
      ...event,
      id: (this.events.at(-1)?.id ?? 0) + 1,
      createdAt: new Date().toISOString(),
    } as ConversationEvent;
  }

  private eventsAfter(afterId: number): ConversationEvent[] {
    return this.events.filter((event) => event.id > afterId);
  }

  /**
   * Replay and going live happen in one synchronous step, so nothing falls between them. The subscriber id in the
   * response header lets the store end the subscription explicitly: workerd does not tell an object that the
   * caller cancelled a streamed response.
   */
  private subscribe(afterId: number): Response {
    const encoder = new TextEncoder();
    const subscriber = crypto.randomUUID();
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        for (const event of this.eventsAfter(afterId)) controller.enqueue(encoder.encode(encodeEventLine(event)));
        this.listeners.set(subscriber, (event) => {
          // A reader that stopped reading (its isolate gone without unsubscribing) must not hold events forever.
          if ((controller.desiredSize ?? 0) < -UNREAD_LIMIT) {
            this.listeners.delete(subscriber);
            controller.error(new Error('subscriber stopped reading'));
            return;
          }
          try {
            controller.enqueue(encoder.encode(encodeEventLine(event)));
          } catch {
            this.listeners.delete(subscriber);
          }
        });
      },
      cancel: () => {
        this.listeners.delete(subscriber);
      },
    });
    return new Response(body, { headers: { 'content-type': 'application/x-ndjson', [SUBSCRIBER_HEADER]: subscriber } });
  }

  private liveEntry(): KeyEntry | undefined {
    return this.entry && this.entry.expiresAt > Date.now() ? this.entry : undefined;
  }

  private async claim({ value, ttlSeconds }: { value: string; ttlSeconds: number }): Promise<Response> {
    const existing = this.liveEntry();
    if (existing) return Response.json({ existing: existing.value });
    await this.storeEntry({ value, expiresAt: Date.now() + ttlSeconds * 1000 });
    return Response.json({ existing: null });
  }

  private async setEntry({ value, ttlSeconds }: { value: string; ttlSeconds: number }): Promise<Response> {
    await this.storeEntry({ value, expiresAt: Date.now() + ttlSeconds * 1000 });
    return Response.json({ stored: true });
  }

  private async increment(windowSeconds: number): Promise<Response> {
    const existing = this.liveEntry();
    const counter: CounterValue = existing
      ? { count: Number(existing.value) + 1, resetAt: existing.expiresAt }
      : { count: 1, resetAt: Date.now() + windowSeconds * 1000 };
    await this.storeEntry({ value: String(counter.count), expiresAt: counter.resetAt });
    return Response.json(counter);
  }

  private async storeEntry(entry: KeyEntry): Promise<void> {
    this.entry = entry;
    await this.state.storage.put('entry', entry);
    await this.state.storage.setAlarm(entry.expiresAt);
  }
}

interface SendBody {
  siteId: string;
  message: Message & { clientMessageId: string };
  rateLimit: { limit: number; windowSeconds: number };
  idempotencyTtlSeconds: number;
  maxEvents?: number | undefined;
}

function eventKey(id: number): string {
  return `${EVENT_PREFIX}${String(id).padStart(ID_WIDTH, '0')}`;
}

/** Null in a patch removes the field, as JSON has no undefined; the identity fields never change. */
function patched(record: ConversationRecord, patch: Record<string, unknown>): ConversationRecord {
  const next: Record<string, unknown> = { ...record };
  for (const [field, value] of Object.entries(patch)) {
    if (field === 'id' || field === 'siteId' || field === 'createdAt') continue;
    if (value === null) delete next[field];
    else next[field] = value;
  }
  return next as unknown as ConversationRecord;
}

function afterIdOf(url: URL): number {
  return afterIdSchema.parse(url.searchParams.get('after') ?? '0');
}

function unknownConversation(): Response {
  return errorResponse(404, 'not_found', 'No such conversation.');
}
