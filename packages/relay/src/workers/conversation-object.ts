import { type ConversationEvent, type Message, messageSchema, type NewConversationEvent } from '@tandem/protocol';
import type { ConversationRecord, CounterValue, VisitorMessageOutcome } from '../store/store.ts';
import type { DurableObjectStateLike } from './durable-object-types.ts';
import {
  afterIdSchema,
  appendBodySchema,
  claimBodySchema,
  conversationOfKey,
  counterBodySchema,
  createBodySchema,
  encodeEventLine,
  errorResponse,
  keptClaimBodySchema,
  keptCounterBodySchema,
  keptKeySchema,
  SUBSCRIBER_HEADER,
  sendBodySchema,
  transitionBodySchema,
  unsubscribeBodySchema,
  updateBodySchema,
} from './durable-object-wire.ts';

const EVENT_PREFIX = 'event:';
/** Storage keys of the keys a conversation's object keeps for its conversation (see `conversationOfKey`). */
const KEPT_PREFIX = 'kept:';
const ID_WIDTH = 12;
/** Events queued for a subscriber that reads none of them before it is dropped. */
const UNREAD_LIMIT = 1000;

interface KeyEntry {
  value: string;
  expiresAt: number;
}

/**
 * The Durable Object behind `createDurableObjectStore()`. One instance per conversation holds its record, its event
 * log, its rate-limit counter and its visitors' client message ids, and fans new events out to its subscribers; one
 * instance per other key holds an idempotency key or a rate-limit counter. A Durable Object runs one request at a
 * time, so every operation is atomic without locks, and every relay isolate anywhere reaches the same instance.
 *
 * Bind it in wrangler.toml as `TANDEM_CONVERSATIONS` with `class_name = "TandemConversation"`.
 */
export class TandemConversation {
  private record: ConversationRecord | undefined;
  private events: ConversationEvent[] = [];
  private entry: KeyEntry | undefined;
  /**
   * The conversation's rate-limit counter and its visitors' client message ids, by key name: the one-request send
   * and the separate calls (a message to a person, the other routes) read and write these same entries.
   */
  private readonly kept = new Map<string, KeyEntry>();
  private readonly listeners = new Map<string, (event: ConversationEvent) => void>();

  constructor(
    private readonly state: DurableObjectStateLike,
    _bindings?: unknown,
  ) {
    void state.blockConcurrencyWhile(async () => {
      this.record = await state.storage.get<ConversationRecord>('record');
      this.entry = await state.storage.get<KeyEntry>('entry');
      const kept = await state.storage.list<KeyEntry>({ prefix: KEPT_PREFIX });
      for (const [name, entry] of kept) this.kept.set(name.slice(KEPT_PREFIX.length), entry);
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
          this.kept.clear();
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
        case 'POST /conversation/key/get':
          return Response.json({ value: this.liveKept(keptKeySchema.parse(await request.json()).key)?.value ?? null });
        case 'POST /conversation/key/claim':
          return await this.claimKept(keptClaimBodySchema.parse(await request.json()));
        case 'POST /conversation/key/set': {
          const { key, value, ttlSeconds } = keptClaimBodySchema.parse(await request.json());
          await this.storeKept({ [key]: { value, expiresAt: Date.now() + ttlSeconds * 1000 } });
          return Response.json({ stored: true });
        }
        case 'POST /conversation/key/delete': {
          const { key } = keptKeySchema.parse(await request.json());
          this.kept.delete(key);
          await this.state.storage.delete(`${KEPT_PREFIX}${key}`);
          return Response.json({ deleted: true });
        }
        case 'POST /conversation/key/increment': {
          const { key, windowSeconds } = keptCounterBodySchema.parse(await request.json());
          const counter = this.countKept(key, windowSeconds);
          await this.storeKept({ [key]: { value: String(counter.count), expiresAt: counter.resetAt } });
          return Response.json(counter);
        }
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
   * The counter and the claim are the kept entries under `body.keys`, the very ones the separate calls use.
   */
  private async send(body: SendBody): Promise<Response> {
    const answer = (outcome: VisitorMessageOutcome) => Response.json(outcome);
    if (!this.record) return answer({ outcome: 'unknown-conversation' });
    if (this.record.siteId !== body.siteId) return answer({ outcome: 'other-site' });
    const { rateLimit: counterKey, clientMessage: claimKey } = body.keys;
    if (conversationOfKey(counterKey) !== this.record.id || conversationOfKey(claimKey) !== this.record.id) {
      return errorResponse(400, 'bad_request', `The keys ${counterKey} and ${claimKey} are not this conversation's.`);
    }
    const counter = this.countKept(counterKey, body.rateLimit.windowSeconds);
    const counted = { [counterKey]: { value: String(counter.count), expiresAt: counter.resetAt } };
    const earlier = this.claimedMessage(claimKey);
    let outcome: VisitorMessageOutcome | undefined;
    if (counter.count > body.rateLimit.limit) {
      outcome = { outcome: 'rate-limited', resetAt: counter.resetAt };
    } else if (earlier && this.holdsMessage(earlier.id)) {
      outcome = { outcome: 'duplicate', message: earlier };
    } else if (this.liveKept(claimKey)) {
      // Claimed by the separate calls (a message to a person) whose message is not stored yet: they wait for it
      // or take the abandoned claim over (see `claimVisitorMessage`), so this send goes their way too.
      outcome = { outcome: 'elsewhere', record: this.record };
    } else if (body.maxEvents !== undefined && (this.events.at(-1)?.id ?? 0) > body.maxEvents) {
      outcome = { outcome: 'full' };
    } else if (this.record.mode !== 'assistant') {
      outcome = { outcome: 'elsewhere', record: this.record };
    }
    if (outcome) {
      await this.storeKept(counted);
      return answer(outcome);
    }
    this.record = patched(this.record, { awaitingAnswer: body.message.id });
    const stored = this.nextEvent({ type: 'message', message: body.message });
    this.events.push(stored);
    const claimed = { value: JSON.stringify(body.message), expiresAt: Date.now() + body.idempotencyTtlSeconds * 1000 };
    await this.storeKept({ ...counted, [claimKey]: claimed }, { record: this.record, [eventKey(stored.id)]: stored });
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

  private liveKept(key: string): KeyEntry | undefined {
    const entry = this.kept.get(key);
    return entry && entry.expiresAt > Date.now() ? entry : undefined;
  }

  private async claimKept({ key, value, ttlSeconds }: { key: string; value: string; ttlSeconds: number }) {
    const existing = this.liveKept(key);
    if (existing) return Response.json({ existing: existing.value });
    await this.storeKept({ [key]: { value, expiresAt: Date.now() + ttlSeconds * 1000 } });
    return Response.json({ existing: null });
  }

  /** The counter one more, not yet stored: a fixed window, as `incrementCounter`. */
  private countKept(key: string, windowSeconds: number): CounterValue {
    const live = this.liveKept(key);
    return live
      ? { count: Number(live.value) + 1, resetAt: live.expiresAt }
      : { count: 1, resetAt: Date.now() + windowSeconds * 1000 };
  }

  /** The message a client message id was claimed with, when the claim holds one (it always does from the relay). */
  private claimedMessage(key: string): Message | undefined {
    const claim = this.liveKept(key);
    if (!claim) return undefined;
    try {
      return messageSchema.parse(JSON.parse(claim.value));
    } catch {
      return undefined;
    }
  }

  private holdsMessage(messageId: string): boolean {
    return this.events.some((event) => event.type === 'message' && event.message.id === messageId);
  }

  /**
   * Kept entries, with any other writes, in one atomic `put`. Expired entries go as new ones come, so the object
   * holds at most a time-to-live's worth of one conversation's claims.
   */
  private async storeKept(entries: Record<string, KeyEntry>, alongside: Record<string, unknown> = {}): Promise<void> {
    const now = Date.now();
    const expired = [...this.kept].filter(([key, entry]) => entry.expiresAt <= now && !(key in entries));
    for (const [key] of expired) this.kept.delete(key);
    for (const [key, entry] of Object.entries(entries)) this.kept.set(key, entry);
    await this.state.storage.put({
      ...alongside,
      ...Object.fromEntries(Object.entries(entries).map(([key, entry]) => [`${KEPT_PREFIX}${key}`, entry])),
    });
    if (expired.length > 0) await this.state.storage.delete(expired.map(([key]) => `${KEPT_PREFIX}${key}`));
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
  keys: { rateLimit: string; clientMessage: string };
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
