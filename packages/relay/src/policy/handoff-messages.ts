import type { NoticeCode } from '@tandem/protocol';
import type { EscalationReason } from './signals.ts';

/** What the visitor reads when the policy brings in a person, or when nobody is there. Short and honest. */
interface HandoffMessages {
  humanRequested: string;
  unsure: string;
  upset: string;
  /** `{time}` is replaced by when the team is next in, or the sentence about it is left out. */
  unavailable: string;
  backAt: string;
}

const MESSAGES: Record<string, HandoffMessages> = {
  en: {
    humanRequested: "Of course. I'm bringing in a person from our team; they'll see everything you've written here.",
    unsure:
      "I'm not sure enough to answer that well, so I'm bringing in a person from our team. They'll see this conversation, so you won't need to repeat yourself.",
    upset:
      "I'm sorry about this. I'm bringing in a person from our team who can sort it out; they'll see everything you've written here.",
    unavailable:
      "A person from our team should help with this, but nobody is available right now.{backAt} Leave your email address and we'll reply as soon as we can.",
    backAt: ' We are back {time}.',
  },
  es: {
    humanRequested: 'Por supuesto. Te paso con una persona de nuestro equipo; verá todo lo que has escrito aquí.',
    unsure:
      'No estoy lo bastante seguro para responder bien, así que te paso con una persona de nuestro equipo. Verá esta conversación, no tendrás que repetir nada.',
    upset:
      'Lo siento mucho. Te paso con una persona de nuestro equipo que puede resolverlo; verá todo lo que has escrito aquí.',
    unavailable:
      'Una persona de nuestro equipo debería ayudarte con esto, pero ahora mismo no hay nadie disponible.{backAt} Déjanos tu correo y te responderemos lo antes posible.',
    backAt: ' Volvemos {time}.',
  },
  de: {
    humanRequested:
      'Natürlich. Ich hole eine Person aus unserem Team dazu; sie sieht alles, was Sie hier geschrieben haben.',
    unsure:
      'Da bin ich mir nicht sicher genug, um gut zu antworten, deshalb hole ich eine Person aus unserem Team dazu. Sie sieht dieses Gespräch, Sie müssen nichts wiederholen.',
    upset:
      'Das tut mir leid. Ich hole eine Person aus unserem Team dazu, die das klären kann; sie sieht alles, was Sie hier geschrieben haben.',
    unavailable:
      'Hier sollte eine Person aus unserem Team helfen, aber gerade ist niemand erreichbar.{backAt} Hinterlassen Sie Ihre E-Mail-Adresse, wir antworten so bald wie möglich.',
    backAt: ' Wir sind {time} wieder da.',
  },
  fr: {
    humanRequested:
      'Bien sûr. Je fais venir une personne de notre équipe ; elle verra tout ce que vous avez écrit ici.',
    unsure:
      "Je ne suis pas assez sûr pour bien répondre, je fais donc venir une personne de notre équipe. Elle verra cette conversation, vous n'aurez rien à répéter.",
    upset:
      'Je suis désolé. Je fais venir une personne de notre équipe qui pourra régler cela ; elle verra tout ce que vous avez écrit ici.',
    unavailable:
      "Une personne de notre équipe devrait vous aider, mais personne n'est disponible pour le moment.{backAt} Laissez votre adresse e-mail et nous vous répondrons dès que possible.",
    backAt: ' Nous serons de retour {time}.',
  },
  sv: {
    humanRequested: 'Självklart. Jag kopplar in en person från vårt team; hen ser allt du har skrivit här.',
    unsure:
      'Jag är inte tillräckligt säker för att svara bra, så jag kopplar in en person från vårt team. Hen ser samtalet, du behöver inte upprepa något.',
    upset: 'Jag beklagar. Jag kopplar in en person från vårt team som kan lösa det; hen ser allt du har skrivit här.',
    unavailable:
      'En person från vårt team borde hjälpa dig med detta, men ingen är tillgänglig just nu.{backAt} Lämna din e-postadress så svarar vi så snart vi kan.',
    backAt: ' Vi är tillbaka {time}.',
  },
  pt: {
    humanRequested: 'Claro. Vou chamar uma pessoa da nossa equipa; ela verá tudo o que escreveu aqui.',
    unsure:
      'Não tenho certeza suficiente para responder bem, por isso vou chamar uma pessoa da nossa equipa. Ela verá esta conversa, não precisará repetir nada.',
    upset:
      'Lamento muito. Vou chamar uma pessoa da nossa equipa que pode resolver isto; ela verá tudo o que escreveu aqui.',
    unavailable:
      'Uma pessoa da nossa equipa deveria ajudar com isto, mas de momento ninguém está disponível.{backAt} Deixe o seu e-mail e responderemos assim que possível.',
    backAt: ' Voltamos {time}.',
  },
  ar: {
    humanRequested: 'بالتأكيد. سأحوّلك إلى أحد أفراد فريقنا، وسيرى كل ما كتبته هنا.',
    unsure: 'لست متأكدًا بما يكفي لأجيب جيدًا، لذا سأحوّلك إلى أحد أفراد فريقنا. سيرى هذه المحادثة فلن تحتاج إلى التكرار.',
    upset: 'نأسف لذلك. سأحوّلك إلى أحد أفراد فريقنا ليحل المشكلة، وسيرى كل ما كتبته هنا.',
    unavailable:
      'يجب أن يساعدك أحد أفراد فريقنا في هذا، لكن لا أحد متاح الآن.{backAt} اترك بريدك الإلكتروني وسنرد عليك في أقرب وقت.',
    backAt: ' سنعود {time}.',
  },
};

/** The message shown when the policy hands the conversation to a person. */
export function handoffMessage(reasons: readonly EscalationReason[], locale: string | undefined): string {
  const messages = messagesFor(locale);
  const code = handoffNoticeCode(reasons);
  return code === 'human_requested'
    ? messages.humanRequested
    : code === 'handoff_upset'
      ? messages.upset
      : messages.unsure;
}

/** The stable code of that message, which the widget words in its own strings (the text above is the fallback). */
export function handoffNoticeCode(reasons: readonly EscalationReason[]): NoticeCode {
  if (reasons.includes('human_requested')) return 'human_requested';
  const upset = reasons.some((reason) =>
    ['negative_sentiment', 'worsening_sentiment', 'sensitive_topic', 'repeated_question'].includes(reason),
  );
  return upset ? 'handoff_upset' : 'handoff_unsure';
}

/** The honest "nobody is there" message; names when the team is back, in the visitor's language and the team's zone. */
export function unavailableMessage(
  locale: string | undefined,
  nextOpenAt: string | undefined,
  timeZone: string | undefined,
): string {
  const messages = messagesFor(locale);
  const backAt = nextOpenAt
    ? messages.backAt.replace('{time}', formatOpening(nextOpenAt, locale ?? 'en', timeZone ?? 'UTC'))
    : '';
  return messages.unavailable.replace('{backAt}', backAt);
}

// --- internal ---

function messagesFor(locale: string | undefined): HandoffMessages {
  const language = locale?.toLowerCase().split('-')[0] ?? 'en';
  return MESSAGES[language] ?? (MESSAGES.en as HandoffMessages);
}

function formatOpening(iso: string, locale: string, timeZone: string): string {
  const formatted = new Intl.DateTimeFormat(safeLocale(locale), {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
  return formatted;
}

function safeLocale(locale: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en';
  } catch {
    return 'en';
  }
}
