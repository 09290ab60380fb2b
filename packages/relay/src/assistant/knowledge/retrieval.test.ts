import { describe, expect, it } from 'vitest';
import { sectionsFromDocuments } from './knowledge-base.ts';
import { KnowledgeIndex } from './retrieval.ts';

const documents = [
  {
    id: 'returns',
    markdown:
      '# Returns\n\n## Return window\nYou have 30 days from delivery to return an item.\n\n## Refund timing\nRefunds are issued within 5 business days.',
  },
  {
    id: 'shipping',
    markdown:
      '# Shipping\n\n## Shipping costs\nStandard shipping is free over 50 EUR.\n\n## Countries\nWe ship to Canada.',
  },
];

describe('knowledge sections', () => {
  it('are split at headings with ids a citation can point to', () => {
    expect(sectionsFromDocuments(documents).map((section) => section.id)).toEqual([
      'returns#return-window',
      'returns#refund-timing',
      'shipping#shipping-costs',
      'shipping#countries',
    ]);
  });

  it('keep ids unique when two headings read the same', () => {
    const sections = sectionsFromDocuments([{ id: 'faq', markdown: '## Help\none\n## Help\ntwo' }]);
    expect(sections.map((section) => section.id)).toEqual(['faq#help', 'faq#help-2']);
  });
});

describe('knowledge retrieval', () => {
  const index = new KnowledgeIndex(sectionsFromDocuments(documents));

  it('finds the section that answers a question worded differently from it', () => {
    const [best] = index.search('How long do I have to return items?');
    expect(best?.section.id).toBe('returns#return-window');
    expect(best?.confidence).toBeGreaterThan(0.8);
  });

  it('is not confident about questions the knowledge does not cover', () => {
    expect(index.search('Do you sell bicycles?')).toEqual([]);
    expect(index.search('What is the capital of France?')).toEqual([]);
    const [onTopic] = index.search('When do refunds arrive?');
    const [halfOffTopic] = index.search('When do refunds for bicycles and kayaks arrive?');
    expect(halfOffTopic?.confidence ?? 1).toBeLessThan(onTopic?.confidence ?? 0);
    expect(halfOffTopic?.confidence ?? 1).toBeLessThan(0.8);
  });
});

describe('knowledge retrieval with words of like meaning (WordNet)', () => {
  const index = new KnowledgeIndex(
    sectionsFromDocuments([
      {
        id: 'returns',
        markdown:
          '# Returns\n\n## Return window\nYou have 30 days from delivery to return an item.\n\n' +
          '## How to start a return\nOpen your order and choose Return items. We email you a label.\n\n' +
          '## Damaged items\nIf an item arrives damaged, send us a photo within 14 days.',
      },
      { id: 'shipping', markdown: '# Shipping\n\n## Shipping costs\nStandard shipping is free over 50 EUR.' },
    ]),
  );

  it("answers a question that uses a synonym of the heading's word from that section", () => {
    // "begin" is not in the knowledge; WordNet's "begin, start" leads it to the heading's "start".
    for (const question of ['How do I begin a return?', 'How do I commence a return?']) {
      const [best] = index.search(question);
      expect(best?.section.id).toBe('returns#how-to-start-a-return');
      expect(best?.confidence).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('still declines an unrelated question whose only link to the knowledge is a synonym', () => {
    const [best] = index.search('How do I commence a mortgage application?');
    expect(best?.confidence ?? 0).toBeLessThan(0.5);
  });
});
