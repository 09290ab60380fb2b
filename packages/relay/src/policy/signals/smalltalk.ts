import { words } from './text.ts';

// Greetings, thanks and acknowledgements in the widget languages, and "that solved it" in its usual forms: nothing to
// look up, nothing to escalate (a visitor confirming the answer helped must not be handed to a person).
const SMALLTALK_WORDS = new Set(
  `that it this solved works worked helped helps fixed sorted done all set
  eso funciona funciono resuelto resuelta listo me ayudo
  das hat geholfen funktioniert gelost erledigt
  ca marche fonctionne resolu regle c est
  det funkar fungerar lost loste hjalpte
  isso funcionou resolvido resolveu ajudou
  hi hello hey hiya yo morning evening afternoon good thanks thank you thx ty cheers ok okay k kk great perfect cool nice
  awesome bye goodbye see later got it understood alright fine sure yes yeah yep no nope much a lot very so
  hola buenas buenos dias tardes noches gracias vale perfecto genial adios muchas si claro de acuerdo
  hallo guten tag morgen abend danke dankeschon schon super tschuss ja nein alles klar gut vielen
  bonjour bonsoir salut merci beaucoup daccord d accord parfait au revoir oui non top
  hej hejsan tack sa mycket toppen bra okej ja nej hejda
  ola oi bom dia tarde noite obrigado obrigada valeu perfeito tchau sim nao certo
  مرحبا اهلا السلام عليكم شكرا جزيلا تمام ممتاز مع السلامه نعم لا اوكي حسنا`.split(/\s+/),
);

/** True when a message is only a greeting, thanks or acknowledgement ("thanks!", "ok great", "hola"). */
export function isSmalltalk(text: string): boolean {
  const folded = words(text);
  return folded.length > 0 && folded.length <= 6 && folded.every((word) => SMALLTALK_WORDS.has(word));
}
