/**
 * Reads a tool's JSON input while it streams in, for a schema whose last property is a long string (`answer`).
 *
 * The SDK's partial-JSON snapshot leaves out a string until its closing quote, which would hold the whole answer
 * back; this reader instead reports the properties before `answer` as soon as that key begins, and then the
 * answer's characters as they arrive, never splitting an escape sequence or a surrogate pair.
 */
export class ToolInputReader {
  private buffer = '';
  private scanned = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private stringStart = -1;
  private expectKey = false;
  private pendingKey: { name: string; start: number } | undefined;
  private answerKeyStart = -1;
  private answerStart = -1;
  private answerEnd = -1;
  private answerConsumed = 0;

  constructor(private readonly answerKey = 'answer') {}

  /** Adds the next piece of JSON and returns the new answer text it completes (possibly empty). */
  push(partialJson: string): string {
    this.buffer += partialJson;
    this.scan();
    return this.takeAnswerText();
  }

  /** The properties before the answer, parsed, once the answer key has begun; undefined before that. */
  fieldsBeforeAnswer(): Record<string, unknown> | undefined {
    if (this.answerKeyStart < 0) return undefined;
    const prefix = this.buffer.slice(0, this.answerKeyStart).replace(/[\s,]*$/, '');
    try {
      const value: unknown = JSON.parse(`${prefix}}`);
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  /** True once the answer string has its closing quote. */
  get answerComplete(): boolean {
    return this.answerEnd >= 0;
  }

  /** Everything received so far, for a final `JSON.parse` after the block ends. */
  get json(): string {
    return this.buffer;
  }

  // --- internal ---

  private scan(): void {
    const text = this.buffer;
    for (let index = this.scanned; index < text.length; index++) {
      const character = text[index];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (character === '\\') this.escaped = true;
        else if (character === '"') this.closeString(index);
        continue;
      }
      switch (character) {
        case '"':
          this.inString = true;
          this.stringStart = index;
          if (this.depth === 1 && this.pendingKey?.name === this.answerKey && this.answerStart < 0) {
            this.answerStart = index + 1;
          }
          break;
        case '{':
        case '[':
          this.depth++;
          this.expectKey = character === '{' && this.depth === 1;
          break;
        case '}':
        case ']':
          this.depth--;
          break;
        case ',':
          if (this.depth === 1) {
            this.expectKey = true;
            this.pendingKey = undefined;
          }
          break;
        case ':':
          if (this.depth === 1) this.expectKey = false;
          break;
      }
    }
    this.scanned = text.length;
  }

  private closeString(index: number): void {
    this.inString = false;
    if (this.depth !== 1) return;
    if (this.expectKey) {
      const name = safeParseString(this.buffer.slice(this.stringStart, index + 1));
      this.pendingKey = { name, start: this.stringStart };
      if (name === this.answerKey && this.answerKeyStart < 0) this.answerKeyStart = this.stringStart;
    } else if (this.stringStart + 1 === this.answerStart) {
      this.answerEnd = index;
    }
  }

  private takeAnswerText(): string {
    if (this.answerStart < 0) return '';
    const end = this.answerEnd >= 0 ? this.answerEnd : this.buffer.length;
    let raw = this.buffer.slice(this.answerStart + this.answerConsumed, end);
    raw = withoutIncompleteEscape(raw);
    let decoded = safeParseString(`"${raw}"`);
    // A high surrogate written as \uD83D waits for its partner so no broken character is shown.
    const last = decoded.charCodeAt(decoded.length - 1);
    if (last >= 0xd800 && last <= 0xdbff && /\\u[dD][89abAB][0-9a-fA-F]{2}$/.test(raw)) {
      raw = raw.slice(0, -6);
      decoded = decoded.slice(0, -1);
    }
    this.answerConsumed += raw.length;
    return decoded;
  }
}

function withoutIncompleteEscape(raw: string): string {
  const trailingBackslashes = /\\+$/.exec(raw)?.[0].length ?? 0;
  if (trailingBackslashes % 2 === 1) return raw.slice(0, -1);
  const unicode = /(\\+)u[0-9a-fA-F]{0,3}$/.exec(raw);
  if (unicode?.[1] && unicode[1].length % 2 === 1) return raw.slice(0, unicode.index + unicode[1].length - 1);
  return raw;
}

function safeParseString(quoted: string): string {
  try {
    const value: unknown = JSON.parse(quoted);
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}
