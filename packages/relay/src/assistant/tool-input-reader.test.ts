import { describe, expect, it } from 'vitest';
import { ToolInputReader } from './tool-input-reader.ts';

function feed(json: string, size: number) {
  const reader = new ToolInputReader();
  const pieces: string[] = [];
  let fieldsSeenAtPiece = -1;
  for (let offset = 0; offset < json.length; offset += size) {
    const text = reader.push(json.slice(offset, offset + size));
    if (fieldsSeenAtPiece < 0 && reader.fieldsBeforeAnswer()) fieldsSeenAtPiece = pieces.length;
    if (text) pieces.push(text);
  }
  return { reader, pieces, fieldsSeenAtPiece };
}

describe('reading streamed tool input', () => {
  const input = {
    confidence: 0.8,
    sentiment: -0.25,
    intent: 'question',
    topics: ['a "quoted" topic', 'x,y:z'],
    citations: ['returns#window'],
    answer: 'Line one\nLine "two" \\ back — café 😀 \u0007 end',
  };

  it.each([1, 2, 3, 5, 16, 1000])('yields the same answer text whatever the chunk size (%i)', (size) => {
    const { reader, pieces } = feed(JSON.stringify(input), size);
    expect(pieces.join('')).toBe(input.answer);
    expect(reader.answerComplete).toBe(true);
    const { answer: _answer, ...assessment } = input;
    expect(reader.fieldsBeforeAnswer()).toEqual(assessment);
  });

  it('has the assessment fields before the first character of the answer', () => {
    const { pieces, fieldsSeenAtPiece } = feed(JSON.stringify(input), 4);
    expect(fieldsSeenAtPiece).toBe(0);
    expect(pieces.length).toBeGreaterThan(5);
  });

  it('never splits an escaped surrogate pair or an escape sequence', () => {
    const json = '{"answer":"a\\ud83d\\ude00b\\u00e9c\\n"}';
    for (let size = 1; size <= 6; size++) {
      const { pieces } = feed(json, size);
      expect(pieces.join('')).toBe('a😀béc\n');
      for (const piece of pieces) expect(piece).not.toMatch(/[\ud800-\udbff]$/);
    }
  });

  it('does not mistake an "answer" key inside a nested value for the answer', () => {
    const json = '{"topics":["answer"],"meta":{"answer":"nested"},"answer":"real"}';
    const { pieces, reader } = feed(json, 3);
    expect(pieces.join('')).toBe('real');
    expect(reader.fieldsBeforeAnswer()).toEqual({ topics: ['answer'], meta: { answer: 'nested' } });
  });

  it('reports no fields while the answer key has not begun, and an incomplete answer as incomplete', () => {
    const reader = new ToolInputReader();
    expect(reader.push('{"confidence":0.9,"inten')).toBe('');
    expect(reader.fieldsBeforeAnswer()).toBeUndefined();
    reader.push('t":"question","answer":"Half an ans');
    expect(reader.fieldsBeforeAnswer()).toEqual({ confidence: 0.9, intent: 'question' });
    expect(reader.answerComplete).toBe(false);
  });
});
