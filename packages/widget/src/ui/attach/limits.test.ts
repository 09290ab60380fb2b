import * as protocol from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as limits from './limits.ts';

describe("the widget's copy of the attachment limits", () => {
  it('equals the protocol, so the widget refuses before upload exactly what the relay would', () => {
    expect(limits.ATTACHMENT_CONTENT_TYPES).toEqual(protocol.ATTACHMENT_CONTENT_TYPES);
    expect(limits.MAX_ATTACHMENT_BYTES).toBe(protocol.MAX_ATTACHMENT_BYTES);
    expect(limits.MAX_ATTACHMENTS_PER_MESSAGE).toBe(protocol.MAX_ATTACHMENTS_PER_MESSAGE);
    expect(limits.MAX_ATTACHMENTS_PER_CONVERSATION).toBe(protocol.MAX_ATTACHMENTS_PER_CONVERSATION);
    expect(limits.MAX_ATTACHMENT_NAME_LENGTH).toBe(protocol.MAX_ATTACHMENT_NAME_LENGTH);
  });
});
