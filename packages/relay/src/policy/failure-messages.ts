import type { NoticeCode } from '@tandem/protocol';

/**
 * What the visitor reads when the assistant could not answer (after its retries): plainly what happened, that
 * any partial text is not to be relied on, and the way to a person. In the widget's languages.
 */
type FailureKind = 'busy' | 'timeout' | 'cut_off' | 'other';

const MESSAGES: Record<string, Record<FailureKind, string>> = {
  en: {
    busy: 'Sorry, our assistant is overloaded right now and couldn\'t answer. Please try again in a minute, or use "Talk to a person" to reach our team.',
    timeout:
      'Sorry, the answer took too long, so I stopped it. Please ask again, or use "Talk to a person" to reach our team.',
    cut_off:
      'Sorry, my answer was cut off, so it is incomplete: please don\'t rely on it. Ask again, or use "Talk to a person" to reach our team.',
    other: 'Sorry, I couldn\'t finish that answer. Please ask again, or use "Talk to a person" to reach our team.',
  },
  es: {
    busy: 'Lo siento, nuestro asistente está saturado y no ha podido responder. Inténtalo de nuevo en un minuto o usa «Hablar con una persona».',
    timeout:
      'Lo siento, la respuesta tardaba demasiado y la he detenido. Pregunta de nuevo o usa «Hablar con una persona».',
    cut_off:
      'Lo siento, mi respuesta se cortó y está incompleta: no te fíes de ella. Pregunta de nuevo o usa «Hablar con una persona».',
    other: 'Lo siento, no he podido terminar la respuesta. Pregunta de nuevo o usa «Hablar con una persona».',
  },
  de: {
    busy: 'Unser Assistent ist gerade überlastet und konnte nicht antworten. Versuchen Sie es in einer Minute erneut oder wählen Sie „Mit einem Menschen sprechen“.',
    timeout:
      'Die Antwort hat zu lange gedauert, deshalb habe ich sie abgebrochen. Fragen Sie bitte erneut oder wählen Sie „Mit einem Menschen sprechen“.',
    cut_off:
      'Meine Antwort wurde abgeschnitten und ist unvollständig: Verlassen Sie sich bitte nicht darauf. Fragen Sie erneut oder wählen Sie „Mit einem Menschen sprechen“.',
    other:
      'Ich konnte die Antwort leider nicht beenden. Fragen Sie bitte erneut oder wählen Sie „Mit einem Menschen sprechen“.',
  },
  fr: {
    busy: "Désolé, notre assistant est surchargé et n'a pas pu répondre. Réessayez dans une minute ou choisissez « Parler à une personne ».",
    timeout:
      "Désolé, la réponse prenait trop de temps, je l'ai arrêtée. Posez à nouveau la question ou choisissez « Parler à une personne ».",
    cut_off:
      'Désolé, ma réponse a été coupée et elle est incomplète : ne vous y fiez pas. Reposez la question ou choisissez « Parler à une personne ».',
    other: "Désolé, je n'ai pas pu terminer la réponse. Reposez la question ou choisissez « Parler à une personne ».",
  },
  sv: {
    busy: 'Tyvärr är vår assistent överbelastad och kunde inte svara. Försök igen om en minut, eller välj ”Prata med en person”.',
    timeout: 'Tyvärr tog svaret för lång tid, så jag avbröt det. Fråga igen, eller välj ”Prata med en person”.',
    cut_off:
      'Tyvärr bröts mitt svar av och är ofullständigt: lita inte på det. Fråga igen, eller välj ”Prata med en person”.',
    other: 'Tyvärr kunde jag inte slutföra svaret. Fråga igen, eller välj ”Prata med en person”.',
  },
  pt: {
    busy: 'Desculpe, o nosso assistente está sobrecarregado e não conseguiu responder. Tente de novo daqui a um minuto ou use «Falar com uma pessoa».',
    timeout:
      'Desculpe, a resposta estava a demorar demasiado e interrompi-a. Pergunte de novo ou use «Falar com uma pessoa».',
    cut_off:
      'Desculpe, a minha resposta foi cortada e está incompleta: não confie nela. Pergunte de novo ou use «Falar com uma pessoa».',
    other: 'Desculpe, não consegui terminar a resposta. Pergunte de novo ou use «Falar com uma pessoa».',
  },
  ar: {
    busy: 'عذرًا، مساعدنا مشغول جدًا الآن ولم يتمكن من الرد. حاول مرة أخرى بعد دقيقة، أو اختر «التحدث إلى شخص».',
    timeout: 'عذرًا، استغرق الرد وقتًا طويلًا فأوقفته. اسأل مرة أخرى، أو اختر «التحدث إلى شخص».',
    cut_off: 'عذرًا، انقطع ردي وهو غير مكتمل، فلا تعتمد عليه. اسأل مرة أخرى، أو اختر «التحدث إلى شخص».',
    other: 'عذرًا، لم أتمكن من إكمال الرد. اسأل مرة أخرى، أو اختر «التحدث إلى شخص».',
  },
};

const KIND_BY_CODE: Record<string, FailureKind> = {
  overloaded: 'busy',
  rate_limited: 'busy',
  timeout: 'timeout',
  cut_off: 'cut_off',
};

const NOTICE_BY_KIND: Record<FailureKind, NoticeCode> = {
  busy: 'answer_busy',
  timeout: 'answer_timeout',
  cut_off: 'answer_cut_off',
  other: 'answer_failed',
};

/** The stable code of that message, which the widget words in its own strings (the text is the fallback). */
export function failureNoticeCode(code: string | undefined): NoticeCode {
  return NOTICE_BY_KIND[KIND_BY_CODE[code ?? ''] ?? 'other'];
}

/** The message for an assistant error code (AssistantError's `code`), in the conversation's language. */
export function failureMessage(code: string | undefined, locale: string | undefined): string {
  const language = locale?.toLowerCase().split('-')[0] ?? 'en';
  const messages = MESSAGES[language] ?? (MESSAGES.en as Record<FailureKind, string>);
  return messages[KIND_BY_CODE[code ?? ''] ?? 'other'];
}
