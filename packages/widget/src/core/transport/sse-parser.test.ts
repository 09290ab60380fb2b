import { describe, expect, it } from 'vitest';
import { type ServerSentEvent, ServerSentEventParser } from './sse-parser.ts';

function parse(chunks: string[]) {
  const events: ServerSentEvent[] = [];
  const retries: number[] = [];
  const parser = new ServerSentEventParser(
    (event) => events.push(event),
    (ms) => retries.push(ms),
  );
  for (const chunk of chunks) parser.push(chunk);
  return { events, retries };
}

describe('the event-stream parser', () => {
  it('reads id, event and data and dispatches on a blank line', () => {
    expect(parse(['id: 3\nevent: mode\ndata: {"a":1}\n\n']).events).toEqual([
      { id: '3', event: 'mode', data: '{"a":1}' },
    ]);
  });

  it('joins several data lines with a newline', () => {
    expect(parse(['data: one\ndata: two\n\n']).events[0]?.data).toBe('one\ntwo');
  });

  it('handles CRLF and CR line endings, even split across chunks', () => {
    expect(parse(['data: a\r', '\n\r', '\ndata: b\r\r']).events.map((event) => event.data)).toEqual(['a', 'b']);
  });

  it('handles a field split across chunks', () => {
    expect(parse(['da', 'ta: hel', 'lo\n', '\n']).events[0]?.data).toBe('hello');
  });

  it('ignores comments (heartbeats) and reads retry hints', () => {
    expect(parse([': heartbeat\n\nretry: 2000\n\n'])).toEqual({ events: [], retries: [2000] });
  });

  it('keeps the last id for later events without one', () => {
    const { events } = parse(['id: 9\ndata: x\n\ndata: y\n\n']);
    expect(events.map((event) => event.id)).toEqual(['9', '9']);
  });
});
