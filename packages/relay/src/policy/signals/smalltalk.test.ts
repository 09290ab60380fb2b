import { describe, expect, it } from 'vitest';
import { isSmalltalk } from './smalltalk.ts';

describe('smalltalk', () => {
  it.each(['Hi!', 'thanks a lot', 'ok great', 'Hola, buenos días', 'Danke schön', 'merci beaucoup', 'شكرا'])(
    'is greeting or thanks: %s',
    (text) => expect(isSmalltalk(text)).toBe(true),
  );

  it.each([
    'Great, that solved it',
    'ok that worked, thanks!',
    'Danke, das hat geholfen',
    'Parfait, ça marche',
    'tack, det löste det',
  ])('is the visitor saying it is solved: %s', (text) => expect(isSmalltalk(text)).toBe(true));

  it.each([
    'Hi, where is my order?',
    'thanks but the parcel never arrived',
    'that is not solved',
    'it still does not work',
    'das hat nicht geholfen',
  ])('is not a question: %s', (text) => expect(isSmalltalk(text)).toBe(false));
});
