import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The store's atomic steps, each one Lua script: Redis runs a script whole, with nothing from another client in
 * between, so a conditional mode change and its events (or an append and the compaction of its deltas) are all or
 * nothing across every relay instance.
 *
 * Layout (per conversation, with a hash tag so each conversation's keys stay together):
 * - `conversation:{id}` hash: one field per record field, each a JSON value; `@last` (the last event id) and
 *   `@updated` (milliseconds) beside them.
 * - `events:{id}` stream: event N has the stream id `N-0` and one field `e`, the event as JSON (id and createdAt
 *   included). A resume after Last-Event-ID N is `XRANGE events:{id} (N-0 +`.
 * - `deltas:{id}` hash: message id → the comma-separated ids of its streamed deltas, deleted with `XDEL` once the
 *   final message is stored.
 * - `awaiting` sorted set: conversations with an unanswered visitor message, scored by when.
 * Each append is published on `live:<id>` from inside the script, so live subscribers hear events in log order.
 */
export interface RedisScript {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): RedisScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** Runs a script by its hash, loading it on the first use on this server (and after a Redis restart). */
export async function runScript(
  client: Redis,
  { source, sha }: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await client.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(source, keys.length, ...keys, ...args);
  }
}

export const UNKNOWN_CONVERSATION_REPLY = 'TANDEM_UNKNOWN_CONVERSATION';
export const CONVERSATION_EXISTS_REPLY = 'TANDEM_CONVERSATION_EXISTS';

/** KEYS: record, awaiting. ARGV: id, now (ms), ttl (ms, 0 = keep), then field/value pairs. */
export const createScript = script(`
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('${CONVERSATION_EXISTS_REPLY}') end
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], '@last', 0, '@updated', ARGV[2])
if redis.call('HEXISTS', KEYS[1], 'awaitingAnswer') == 1 then redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1]) end
local ttl = tonumber(ARGV[3])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`);

/**
 * KEYS: record, events, deltas, awaiting.
 * ARGV: id, allowed modes (comma-separated, empty = any), createdAt, now (ms), ttl (ms, 0 = keep), channel,
 * the message id `awaitingAnswer` must hold (empty = any), then the count of fields to set and their field/value pairs, the count of fields to remove and their names,
 * the count of events and, for each, its kind (d = delta, m = message, - = other), message id and JSON body.
 * Returns nil when the mode is not allowed, else { first event id, record fields… }.
 */
export const transitionScript = script(`
local record, events, deltas, awaiting = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
if redis.call('EXISTS', record) == 0 then return redis.error_reply('${UNKNOWN_CONVERSATION_REPLY}') end
local modes = ARGV[2]
if modes ~= '' then
  local current = redis.call('HGET', record, 'mode')
  local allowed = false
  for mode in string.gmatch(modes, '[^,]+') do
    if current == '"' .. mode .. '"' then allowed = true end
  end
  if not allowed then return false end
end
if ARGV[7] ~= '' and redis.call('HGET', record, 'awaitingAnswer') ~= '"' .. ARGV[7] .. '"' then return false end
local index = 8
local setCount = tonumber(ARGV[index])
for i = 1, setCount do redis.call('HSET', record, ARGV[index + 2 * i - 1], ARGV[index + 2 * i]) end
index = index + 2 * setCount + 1
local removeCount = tonumber(ARGV[index])
for i = 1, removeCount do redis.call('HDEL', record, ARGV[index + i]) end
index = index + removeCount + 1
local eventCount = tonumber(ARGV[index])
local last = tonumber(redis.call('HGET', record, '@last') or '0')
local first = last + 1
local published = {}
for i = 0, eventCount - 1 do
  local kind, messageId, body = ARGV[index + 3 * i + 1], ARGV[index + 3 * i + 2], ARGV[index + 3 * i + 3]
  last = last + 1
  local id = string.format('%d', last)
  local event = '{"id":' .. id .. ',"createdAt":"' .. ARGV[3] .. '",' .. string.sub(body, 2)
  redis.call('XADD', events, id .. '-0', 'e', event)
  if kind == 'd' then
    local ids = redis.call('HGET', deltas, messageId)
    if ids then redis.call('HSET', deltas, messageId, ids .. ',' .. id) else redis.call('HSET', deltas, messageId, id) end
  elseif kind == 'm' then
    local ids = redis.call('HGET', deltas, messageId)
    if ids then
      for delta in string.gmatch(ids, '[^,]+') do redis.call('XDEL', events, delta .. '-0') end
      redis.call('HDEL', deltas, messageId)
    end
  end
  published[#published + 1] = event
end
redis.call('HSET', record, '@last', string.format('%d', last), '@updated', ARGV[4])
if redis.call('HEXISTS', record, 'awaitingAnswer') == 1 then
  redis.call('ZADD', awaiting, 'NX', ARGV[4], ARGV[1])
else
  redis.call('ZREM', awaiting, ARGV[1])
end
local ttl = tonumber(ARGV[5])
if ttl > 0 then
  redis.call('PEXPIRE', record, ttl)
  redis.call('PEXPIRE', events, ttl)
  redis.call('PEXPIRE', deltas, ttl)
end
if #published > 0 then redis.call('PUBLISH', ARGV[6], '[' .. table.concat(published, ',') .. ']') end
local result = redis.call('HGETALL', record)
table.insert(result, 1, first)
return result
`);

/** KEYS: record, events, deltas, awaiting. ARGV: id. Returns 1 when the conversation existed. */
export const deleteScript = script(`
local existed = redis.call('DEL', KEYS[1])
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
return existed
`);

/** KEYS: counter. ARGV: window (ms). Returns { count, resetAt (ms) }; the window runs on the Redis clock. */
export const incrementScript = script(`
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
local resetAt
if count == 1 then
  local time = redis.call('TIME')
  resetAt = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + tonumber(ARGV[1])
  redis.call('HSET', KEYS[1], 'resetAt', string.format('%d', resetAt))
  redis.call('PEXPIREAT', KEYS[1], string.format('%d', resetAt))
else
  resetAt = tonumber(redis.call('HGET', KEYS[1], 'resetAt'))
end
return { count, string.format('%d', resetAt) }
`);

/** KEYS: lease. ARGV: holder, ttl (ms). Extends a lease only while this holder still has it; returns 1 if so. */
export const renewScript = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`);

/** KEYS: lease. ARGV: holder. Lets go of a lease only when this holder has it; returns 1 if so. */
export const releaseScript = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`);
