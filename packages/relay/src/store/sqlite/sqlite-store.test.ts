import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testStore } from '@tandem/relay/test';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { visitorMessageInput } from '../../../test/visitor-message-input.ts';
import type { AuditEntry } from '../../audit/audit-log.ts';
import type { ConversationRecord, VisitorMessageInput } from '../store.ts';
import { createSqliteAuditLog } from './audit-log.ts';
import { MIGRATIONS, openSqliteDatabase, schemaVersion } from './database.ts';
import { createSqliteStore } from './sqlite-store.ts';

const directory = mkdtempSync(join(tmpdir(), 'tandem-sqlite-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(directory, `store-${files++}.db`);

testStore({ name: 'sqlite', createStore: () => createSqliteStore({ path: freshPath() }) });

function record(id = crypto.randomUUID()): ConversationRecord {
  return { id, siteId: 'shop', createdAt: new Date().toISOString(), mode: 'assistant', identityVerified: false };
}

function visitorSend(conversationId: string, clientMessageId: string, limit = 20): VisitorMessageInput {
  return visitorMessageInput(conversationId, clientMessageId, { rateLimit: { limit, windowSeconds: 60 } });
}

describe('sqlite store', () => {
  it('keeps conversations, event ids and keys in its file across a reopen', async () => {
    const path = freshPath();
    const first = createSqliteStore({ path });
    const conversation = record();
    await first.createConversation(conversation);
    await first.appendEvent(conversation.id, { type: 'typing', role: 'assistant', typing: true });
    await first.transition(conversation.id, {
      ifModeIn: ['assistant'],
      patch: { mode: 'waiting' },
      events: [{ type: 'mode', mode: 'waiting' }],
    });
    await first.setKey('handoff:ticket:x', 'slack:1', 3600);
    await first.close?.();

    const second = createSqliteStore({ path });
    expect((await second.getConversation(conversation.id))?.mode).toBe('waiting');
    expect((await second.readEvents(conversation.id, 0)).map((event) => event.id)).toEqual([1, 2]);
    const next = await second.appendEvent(conversation.id, { type: 'typing', role: 'assistant', typing: false });
    expect(next.id).toBe(3);
    expect(await second.getKey('handoff:ticket:x')).toBe('slack:1');
    await second.close?.();
  });

  it('keeps a message accepted at once across a reopen: the message, its awaiting-answer note, its claim, the count', async () => {
    const path = freshPath();
    const first = createSqliteStore({ path });
    const conversation = record();
    await first.createConversation(conversation);
    const send = visitorSend(conversation.id, 'one', 2);
    expect((await first.acceptVisitorMessage?.(conversation.id, send))?.outcome).toBe('stored');
    await first.close?.();

    const second = createSqliteStore({ path });
    expect((await second.getConversation(conversation.id))?.awaitingAnswer).toBe(send.message.id);
    expect(await second.conversationsAwaitingAnswer?.()).toEqual([conversation.id]);
    expect(await second.readEvents(conversation.id, 0)).toMatchObject([
      { id: 1, type: 'message', message: send.message },
    ]);
    // The retry after a restart is the same message, and it counts: the limit of 2 is then used up.
    expect(await second.acceptVisitorMessage?.(conversation.id, visitorSend(conversation.id, 'one', 2))).toEqual({
      outcome: 'duplicate',
      message: send.message,
    });
    expect(
      (await second.acceptVisitorMessage?.(conversation.id, visitorSend(conversation.id, 'two', 2)))?.outcome,
    ).toBe('rate-limited');
    expect(await second.readEvents(conversation.id, 0)).toHaveLength(1);
    await second.close?.();
  });

  it('counts and claims a message accepted at once under the keys the separate calls use', async () => {
    const store = createSqliteStore({ path: freshPath() });
    const conversation = record();
    await store.createConversation(conversation);
    const send = visitorSend(conversation.id, 'one');
    await store.acceptVisitorMessage?.(conversation.id, send);
    // Another route of the conversation counting against the same limit comes next in the same window.
    expect((await store.incrementCounter(send.keys.rateLimit, 60)).count).toBe(2);
    expect(JSON.parse((await store.getKey(send.keys.clientMessage)) ?? '{}')).toEqual(send.message);

    // A message claimed by the separate calls (to a person) but not stored yet is theirs to finish: nothing is stored here.
    const inFlight = visitorSend(conversation.id, 'in-flight');
    await store.claimKey(inFlight.keys.clientMessage, JSON.stringify(inFlight.message), 3600);
    expect(
      await store.acceptVisitorMessage?.(conversation.id, visitorSend(conversation.id, 'in-flight')),
    ).toMatchObject({
      outcome: 'elsewhere',
    });
    // Once they stored it, a retry is a duplicate.
    await store.appendEvent(conversation.id, { type: 'message', message: inFlight.message });
    expect(await store.acceptVisitorMessage?.(conversation.id, visitorSend(conversation.id, 'in-flight'))).toEqual({
      outcome: 'duplicate',
      message: inFlight.message,
    });
    expect(await store.readEvents(conversation.id, 0)).toHaveLength(2);
    await store.close?.();
  });

  it('runs in WAL mode at the newest schema, and refuses a database newer than it knows', () => {
    const path = freshPath();
    const database = openSqliteDatabase(path);
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(database)).toBe(MIGRATIONS.length);
    database.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    database.close();
    expect(() => openSqliteDatabase(path)).toThrow(/newer than this relay knows/);
  });

  it('brings a database from before any schema up to date, keeping what it held', () => {
    const path = freshPath();
    const bare = new Database(path);
    bare.exec('CREATE TABLE notes (text TEXT)');
    bare.close();
    const database = openSqliteDatabase(path);
    expect(schemaVersion(database)).toBe(MIGRATIONS.length);
    expect(database.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").get()).toBeDefined();
    database.close();
  });

  it('forgets conversations past their retention, and deletes one on request', async () => {
    let time = Date.parse('2026-01-01T00:00:00Z');
    const store = createSqliteStore({ path: freshPath(), now: () => time, conversationTtlSeconds: 3600 });
    const old = record();
    const kept = record();
    await store.createConversation(old);
    await store.appendEvent(old.id, { type: 'typing', role: 'assistant', typing: true });
    time += 3601 * 1000;
    await store.createConversation(kept);
    expect(await store.getConversation(old.id)).toBeUndefined();
    expect(store.statistics()).toMatchObject({ conversations: 1, events: 0 });
    expect(await store.deleteConversation(kept.id)).toBe(true);
    expect(await store.deleteConversation(kept.id)).toBe(false);
    expect(store.statistics().conversations).toBe(0);
    await store.close?.();
  });

  it('lists the conversations whose visitor message is still unanswered', async () => {
    const store = createSqliteStore({ path: freshPath() });
    const waiting = record();
    const answered = record();
    await store.createConversation(waiting);
    await store.createConversation(answered);
    await store.updateConversation(waiting.id, { awaitingAnswer: 'm1' });
    await store.updateConversation(answered.id, { awaitingAnswer: 'm2' });
    await store.updateConversation(answered.id, { awaitingAnswer: undefined });
    expect(await store.conversationsAwaitingAnswer?.()).toEqual([waiting.id]);
    expect(await store.getConversation(answered.id)).not.toHaveProperty('awaitingAnswer');
    await store.close?.();
  });
});

describe('sqlite audit log', () => {
  it('keeps entries across a reopen, lists by conversation and newest, and deletes one conversation', async () => {
    const path = freshPath();
    const entry = (conversationId: string, at: string): AuditEntry => ({
      type: 'decision',
      at,
      conversationId,
      stage: 'before-assistant',
      signals: {
        sentiment: 0,
        sentimentHistory: [],
        humanRequest: false,
        topics: [],
        vip: false,
        repeats: 0,
        lowConfidenceStreak: 0,
        smalltalk: false,
      },
      escalate: false,
      reasons: [],
      priority: 'normal',
    });
    const first = createSqliteAuditLog({ path });
    await first.record(entry('a', '2026-01-01T00:00:00.000Z'));
    await first.record(entry('b', '2026-01-02T00:00:00.000Z'));
    await first.record(entry('a', '2026-01-03T00:00:00.000Z'));
    const second = createSqliteAuditLog({ path });
    expect((await second.list({ conversationId: 'a' })).map((item) => item.at)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-03T00:00:00.000Z',
    ]);
    expect((await second.list({ limit: 2 })).map((item) => item.conversationId)).toEqual(['b', 'a']);
    expect((await second.list({ since: '2026-01-02T00:00:00.000Z' })).length).toBe(2);
    expect(await second.deleteConversation?.('a')).toBe(2);
    expect((await second.list()).map((item) => item.conversationId)).toEqual(['b']);
  });
});
