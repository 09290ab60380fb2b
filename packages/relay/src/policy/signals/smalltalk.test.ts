import { describe, expect, it } from 'vitest';
import { isSmalltalk } from './smalltalk.ts';

describe('smalltalk', () => {
  it.each(['Hi!', 'thanks a lot', 'ok great', 'Hola, buenos días', 'Danke schön', 'merci beaucoup', 'شكرا'])(
    'is greeting or thanks: %s',
    (text) => expect(isSmalltalk(text)).toBe(true),
  );

  it.each(['Hi, where is my order?', 'thanks but the parcel never arrived'])('is not a question: %s', (text) =>
    expect(isSmalltalk(text)).toBe(false),
  );
});
