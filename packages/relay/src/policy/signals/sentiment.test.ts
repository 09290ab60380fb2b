import { describe, expect, it } from 'vitest';
import { scoreSentiment } from './sentiment.ts';

const score = (text: string, locale?: string) => scoreSentiment(text, locale ? { locale } : {}).score;

describe('local sentiment for support messages', () => {
  it('keeps routine questions neutral', () => {
    expect(score('How long do I have to return an item?')).toBe(0);
    expect(score('What sizes does the blue jacket come in?')).toBe(0);
  });

  it('reads support frustration as clearly negative', () => {
    expect(score('This is the third time, I want a refund NOW')).toBeLessThan(-0.6);
    expect(score('Still waiting for my order')).toBeLessThan(-0.4);
    expect(score('Nobody answers my emails')).toBeLessThan(-0.4);
    expect(score('This is ridiculous and unacceptable')).toBeLessThan(-0.6);
    expect(score('I want to cancel my account')).toBeLessThan(-0.3);
    expect(score('Are you kidding me? Two weeks and no refund')).toBeLessThan(-0.6);
    expect(score('Disgusted with how I was treated in your store today.')).toBeLessThan(-0.6);
    expect(score('My order has not arrived yet, when should I expect it?')).toBe(0);
  });

  it('turns words around after a negation, within the clause', () => {
    expect(score('I am not happy')).toBeLessThan(0);
    expect(score('not bad')).toBeGreaterThan(0);
    expect(score('The parcel is not damaged, good')).toBeGreaterThan(0);
  });

  it('strengthens words after intensifiers', () => {
    expect(score('I am extremely disappointed')).toBeLessThan(score('I am disappointed'));
    expect(score('very helpful')).toBeGreaterThan(score('helpful'));
  });

  it('hears shouting and repeated punctuation', () => {
    expect(score('WHERE IS MY ORDER')).toBeLessThan(-0.2);
    expect(score('where is my order!!!')).toBeLessThan(0);
    expect(score('hello???')).toBeLessThan(0);
    expect(score('This is terrible!!!')).toBeLessThan(score('This is terrible'));
  });

  it('does not take airport, booking and product codes in capitals for shouting', () => {
    expect(scoreSentiment('My flight LHR to JFK is BA123, can I add a bag?').cues).not.toContain('caps');
    expect(score('My flight LHR to JFK is BA123, can I add a bag?')).toBe(0);
    expect(scoreSentiment('Is the SKU XJ4K2P HDMI cable in stock?').cues).not.toContain('caps');
    expect(scoreSentiment('LHR-JFK DL401 GATE B22').cues).not.toContain('caps');
    expect(score('WHY IS IT NOT HERE YET')).toBeLessThan(-0.2);
    expect(score('I want my refund NOW')).toBeLessThan(0);
  });

  it('hears sarcastic praise beside a complaint, but not sincere praise with a "but"', () => {
    expect(score('Wow. Great service. Ten days and still no package. Really impressive.')).toBeLessThan(-0.6);
    expect(score('Oh perfect, another automated reply.')).toBeLessThan(-0.4);
    expect(score('Great jacket, but it still has not arrived')).toBeGreaterThan(-0.6);
    expect(score('Great, thanks, that is all I needed!')).toBeGreaterThan(0.5);
  });

  it('reads threats of lawyers, regulators and one-star reviews as anger', () => {
    expect(score('My solicitor will be in touch if this is not sorted')).toBeLessThan(-0.6);
    expect(score("I'm reporting you to trading standards")).toBeLessThan(-0.6);
    expect(score("I'll be leaving a one star review everywhere I can")).toBeLessThan(-0.6);
    expect(score('Vou abrir uma reclamação no Procon', 'pt')).toBeLessThan(-0.6);
  });

  it('reads patience run out, weeks without progress and unanswered messages as anger', () => {
    expect(score("I've been patient but I'm at the end of my rope here")).toBeLessThan(-0.6);
    expect(score("Seriously?? Three weeks and the tracking hasn't moved once")).toBeLessThan(-0.6);
    expect(score("You won't answer my emails")).toBeLessThan(-0.4);
    expect(score('Estoy hartísimo, nadie me da una solución', 'es')).toBeLessThan(-0.6);
    expect(score('The courier threw my parcel over the fence')).toBeLessThan(-0.4);
    expect(score('It takes three weeks and arrives in a gift box?')).toBeGreaterThan(-0.3);
  });

  it('reads "my late mother" as a bereavement, not a delay', () => {
    expect(score('The order was for my late mother, can I change the address?')).toBeGreaterThan(-0.3);
    expect(score('My order is late again')).toBeLessThan(0);
  });

  it('weighs what comes after "but" more', () => {
    expect(score('The jacket is nice but the delivery was terrible')).toBeLessThan(0);
  });

  it('reads praise as positive', () => {
    expect(score('Thank you so much, that was really helpful!')).toBeGreaterThan(0.5);
  });

  it.each([
    ['es', 'Estoy muy enfadado, es la tercera vez que escribo', -0.5],
    ['de', 'Ich bin total enttäuscht, niemand antwortet', -0.5],
    ['fr', 'Je suis très déçu, personne ne répond', -0.5],
    ['sv', 'Jag väntar fortfarande, det är oacceptabelt', -0.5],
    ['pt', 'Estou muito chateado, ninguém responde', -0.5],
    ['ar', 'هذه المرة الثالثة، الخدمة سيئة جدا', -0.5],
  ])('reads frustration in %s', (locale, text, below) => {
    expect(score(text, locale)).toBeLessThan(below);
  });

  it.each([
    ['es', 'Muchas gracias, muy amable'],
    ['de', 'Danke, das hat super geklappt'],
    ['fr', 'Merci beaucoup, parfait'],
    ['sv', 'Tack så mycket, toppen'],
    ['pt', 'Muito obrigado, ótimo atendimento'],
    ['ar', 'شكرا جزيلا، خدمة ممتازة'],
  ])('reads thanks in %s', (locale, text) => {
    expect(score(text, locale)).toBeGreaterThan(0.3);
  });

  it('reads German and Swedish compounds through their parts, and "un-" turns them around', () => {
    expect(score('Das ist eine Unverschämtheit', 'de')).toBeLessThan(-0.6);
    expect(score('Eine echte Servicekatastrophe', 'de')).toBeLessThan(-0.6);
    expect(score('Der Mitarbeiter war unfreundlich', 'de')).toBeLessThan(0);
    expect(score('Das ging problemlos, danke', 'de')).toBeGreaterThan(0);
    expect(score('Kundtjänsten är värdelös', 'sv')).toBeLessThan(-0.5);
  });

  it('finds the language when the locale hint is wrong', () => {
    expect(scoreSentiment('Estoy muy enfadado con el pedido', { locale: 'en' }).language).toBe('es');
  });
});
