import { concatenate } from './inspect/inspected-file.ts';

/**
 * Reads a request body into memory, stopping (and cancelling the stream) as soon as it passes `maxBytes`, so a
 * client that lies about or leaves out its Content-Length still cannot make the relay hold more.
 */
export async function readLimited(
  body: ReadableStream<Uint8Array> | Uint8Array | null,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  if (body === null) return new Uint8Array();
  if (body instanceof Uint8Array) {
    if (body.length > maxBytes) throw tooLarge();
    return body;
  }
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    parts.push(value);
  }
  return concatenate(parts);
}
