import { describe, expect, it } from 'vitest';
import { detectHumanRequest } from './human-request.ts';

const requests: Array<[string, string]> = [
  ['en', 'I want to talk to a person'],
  ['en', 'Can I speak with a real human please?'],
  ['en', 'AGENT'],
  ['en', 'representative please'],
  ['en', 'Please connect me to a live agent'],
  ['en', "why can't I talk to a human??"],
  ['es', 'Quiero hablar con una persona'],
  ['es', '¿Puedo hablar con un agente, por favor?'],
  ['es', 'pásame con un asesor'],
  ['de', 'Ich möchte mit einem Menschen sprechen'],
  ['de', 'Kann ich bitte mit einem Mitarbeiter sprechen?'],
  ['de', 'Verbinden Sie mich mit einem Berater'],
  ['fr', 'Je voudrais parler à un conseiller'],
  ['fr', "Je veux parler à une personne s'il vous plaît"],
  ['fr', "Mettez-moi en relation avec quelqu'un"],
  ['sv', 'Kan jag få prata med en människa?'],
  ['sv', 'Jag vill prata med en person'],
  ['pt', 'Quero falar com um atendente'],
  ['pt', 'Posso falar com uma pessoa?'],
  ['ar', 'أريد التحدث مع شخص'],
  ['ar', 'ممكن أتكلم مع موظف؟'],
  ['en', 'Could someone call me back this afternoon?'],
  ['en', 'Who can I talk to about this?'],
  ['de', 'Kann mich jemand zurückrufen?'],
  ['pt', 'Tem alguém aí pra me ajudar?'],
  ['en', 'can i talk to a humna pls'],
  ['de', 'Ich möchte mit einem Kundendienstmitarbeiter sprechen'],
  ['es', 'quiero hablar con una presona'],
  ['en', "This bot isn't helping. Human please."],
  ['en', 'I need a person to help me with a bulk order'],
  ['en', "I'd rather deal with someone from your team directly"],
  ['en', 'can someone who actually works there get back to me'],
  ['en', 'Could a member of your team look at my order? The bot keeps misunderstanding.'],
];

const notRequests = [
  'Is a person required to sign for the parcel?',
  'Does someone need to be home for the delivery?',
  'Can another person pick up my order?',
  'My husband talked to an agent yesterday and it is sorted, thanks',
  'What are your customer service hours?',
  'Do I need a customs agent for imports?',
  "I don't need to talk to a person, just tell me the opening hours",
  'No necesito hablar con nadie, solo quiero saber el precio',
  'Muss eine Person das Paket unterschreiben?',
  'Une personne doit-elle être présente à la livraison ?',
  'ما هي ساعات عمل خدمة العملاء؟',
  'I was transferred to an agent yesterday and she sorted it',
  'I want to manage my subscription',
  'No, the bot said returns are free, is that right?',
  'هذه المرة الثالثة ولا أحد يرد',
  'Thanks! Someone already sorted it.',
  'Do I need someone to sign for it?',
  'Your agent was lovely. Thank you.',
  'One of your staff told me I could return it in store',
];

describe('explicit requests for a person', () => {
  it.each(requests)('are heard in %s: %s', (_language, text) => {
    expect(detectHumanRequest(text).requested).toBe(true);
  });

  it.each(notRequests)('are not read into questions that only mention people: %s', (text) => {
    expect(detectHumanRequest(text).requested).toBe(false);
  });

  it('names the words that made the request, for the audit log', () => {
    expect(detectHumanRequest('Ich möchte bitte mit einem Menschen sprechen')).toEqual({
      requested: true,
      phrase: 'mit einem menschen sprechen',
      language: 'de',
    });
  });
});
