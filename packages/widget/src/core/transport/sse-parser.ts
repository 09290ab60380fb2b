/** One dispatched Server-Sent Event. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * Incremental parser for the text/event-stream format, as the HTML standard defines it:
 * lines end in CRLF, LF or CR; `data` lines join with "\n"; comments start with ":";
 * an event is dispatched on a blank line.
 */
export class ServerSentEventParser {
  #buffer = '';
  #data: string[] = [];
  #eventType = '';
  #lastEventId: string | undefined;
  #pendingCarriageReturn = false;

  readonly #onEvent: (event: ServerSentEvent) => void;
  readonly #onRetry: (milliseconds: number) => void;

  constructor(onEvent: (event: ServerSentEvent) => void, onRetry: (milliseconds: number) => void = () => {}) {
    this.#onEvent = onEvent;
    this.#onRetry = onRetry;
  }

  push(chunk: string): void {
    let text = chunk;
    // A CR at the end of the previous chunk may be the first half of a CRLF.
    if (this.#pendingCarriageReturn && text.startsWith('\n')) text = text.slice(1);
    this.#pendingCarriageReturn = false;
    this.#buffer += text;
    let start = 0;
    for (let index = 0; index < this.#buffer.length; index++) {
      const character = this.#buffer[index];
      if (character !== '\n' && character !== '\r') continue;
      this.#line(this.#buffer.slice(start, index));
      if (character === '\r') {
        if (index + 1 === this.#buffer.length) this.#pendingCarriageReturn = true;
        else if (this.#buffer[index + 1] === '\n') index++;
      }
      start = index + 1;
    }
    this.#buffer = this.#buffer.slice(start);
  }

  #line(line: string): void {
    if (line === '') {
      this.#dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#eventType = value;
    else if (field === 'id' && !value.includes('\0')) this.#lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.#onRetry(Number(value));
  }

  #dispatch(): void {
    const hasData = this.#data.length > 0;
    const event = { event: this.#eventType || 'message', data: this.#data.join('\n'), id: this.#lastEventId };
    this.#data = [];
    this.#eventType = '';
    if (hasData) this.#onEvent(event);
  }
}
