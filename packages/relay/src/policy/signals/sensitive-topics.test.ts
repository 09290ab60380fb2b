import { describe, expect, it } from 'vitest';
import { createTopicMatcher } from './sensitive-topics.ts';
import { DEFAULT_SENSITIVE_TOPICS } from './sensitive-topics-defaults.ts';

const matcher = createTopicMatcher(DEFAULT_SENSITIVE_TOPICS);
const ids = (text: string) => matcher.match(text).map((match) => match.id);

describe('sensitive topics', () => {
  it.each([
    ['I was charged twice for the same order', 'dispute'],
    ['There is a transaction I did not authorize on my card', 'fraud'],
    ['My account was hacked and someone ordered things', 'fraud'],
    ['I will call my bank and do a chargeback', 'chargeback'],
    ['My lawyer will be in touch', 'legal'],
    ['I will take you to small claims court', 'legal'],
    ['My mother passed away and I need to close her account', 'bereavement'],
    ['I want to make a formal complaint', 'complaint'],
    ['Quiero poner una queja', 'complaint'],
    ['Das ist Betrug', 'fraud'],
    ['Je vais contacter mon avocat', 'legal'],
    ['Min pappa gick bort förra veckan', 'bereavement'],
    ['Vou abrir uma reclamação no Procon', 'legal'],
    ['أريد تقديم شكوى', 'complaint'],
    ["There's an order on my account I didn't place", 'fraud'],
    ['I think my account was compromised', 'fraud'],
    ['I will report this to the BBB', 'legal'],
    ['Your driver was extremely rude to my mother', 'complaint'],
    ['Min mamma har gått bort', 'bereavement'],
    ["My bank says there's a payment to you I never made", 'fraud'],
    ['Auf meiner Kreditkarte ist eine Zahlung, die ich nicht getätigt habe', 'fraud'],
    ['Någon har använt mitt kort utan att jag vet om det', 'fraud'],
    ['My dad ordered this before he died, can I cancel it?', 'bereavement'],
  ])('finds "%s" as %s', (text, topic) => {
    expect(ids(text)).toContain(topic);
  });

  it.each([
    'My phone battery died, can I still track my order?',
    'Can I pay with my bank card?',
    'How do I return a dress that does not fit?',
    'What is your legal address for invoices?',
    "I didn't make it home in time, can the courier come back tomorrow?",
    'Can I place an order by phone?',
    'The payment was not made because my card was declined',
    'The payment I made yesterday did not go through',
    'Die Zahlung wurde nicht freigegeben, was kann ich tun?',
  ])('leaves routine questions alone: %s', (text) => {
    expect(ids(text)).toEqual([]);
  });

  it('uses the merchant topics and priorities', () => {
    const custom = createTopicMatcher([{ id: 'recall', phrases: ['recall*', 'safety notice'], priority: 'urgent' }]);
    expect(custom.match('Is my heater part of the recall?')).toEqual([
      { id: 'recall', priority: 'urgent', phrase: 'recall' },
    ]);
    expect(custom.match('My lawyer will call')).toEqual([]);
  });
});
