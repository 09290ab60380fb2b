/** Fixed messages whose probabilities train.py writes beside the weights, for the scorer's reproduction test. */
export const FIXTURE_TEXTS: ReadonlyArray<{ text: string; locale: string }> = [
  { text: 'How long do I have to return an item?', locale: 'en' },
  { text: 'Still no plane at the gate. Cancelled AGAIN. Thanks a lot!!!', locale: 'en' },
  { text: 'Your incompetence is unbelievable', locale: 'en' },
  { text: 'Great, thanks, that is all I needed 😊', locale: 'en' },
  { text: 'Flight LHR to JFK, booking ref XJ4K2P', locale: 'en' },
  { text: 'Llevo tres semanas esperando y nadie me responde', locale: 'es' },
  { text: 'Das ist eine Unverschämtheit, ich warte seit Wochen', locale: 'de' },
  { text: 'Je suis très déçu, personne ne répond à mes messages', locale: 'fr' },
  { text: 'Estou muito chateado, ninguém responde @loja https://x.co/a', locale: 'pt' },
  { text: 'هذه المرة الثالثة، الخدمة سيئة جدا', locale: 'ar' },
  { text: 'Jag väntar fortfarande, det är oacceptabelt', locale: 'sv' },
  { text: 'sooooo slow :( why???', locale: 'en' },
];
