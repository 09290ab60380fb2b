/**
 * What the offline assistant says when its knowledge has no good match, in every widget locale. It admits it does
 * not know rather than guessing, and points to the person who can help, naming the widget's own button.
 */
export const NOT_FOUND_ANSWERS: Readonly<Record<string, string>> = {
  en: "I'm sorry, I couldn't find that in our help articles, and I'd rather not guess. A person from our team can help: use \"Talk to a person\" and they will pick this up.",
  es: 'Lo siento, no he encontrado esto en nuestros artículos de ayuda y prefiero no adivinar. Una persona de nuestro equipo puede ayudarte: usa «Hablar con una persona» y se encargará.',
  de: 'Das habe ich in unseren Hilfeartikeln leider nicht gefunden, und ich möchte nicht raten. Eine Person aus unserem Team hilft gern weiter: Wählen Sie „Mit einem Menschen sprechen“.',
  fr: "Désolé, je n'ai pas trouvé cela dans nos articles d'aide et je préfère ne pas deviner. Une personne de notre équipe peut vous aider : choisissez « Parler à une personne ».",
  sv: 'Tyvärr hittade jag inte det i våra hjälpartiklar, och jag vill inte gissa. En person i vårt team kan hjälpa dig: välj ”Prata med en person”.',
  pt: 'Desculpe, não encontrei isso nos nossos artigos de ajuda e prefiro não adivinhar. Uma pessoa da nossa equipa pode ajudar: use «Falar com uma pessoa».',
  ar: 'عذرًا، لم أجد ذلك في مقالات المساعدة لدينا، ولا أريد أن أخمّن. يمكن لأحد أفراد فريقنا مساعدتك: اختر «التحدث إلى شخص».',
};

/** The not-found answer for a BCP 47 locale ("pt-BR" uses "pt"), English when the language has none. */
export function notFoundAnswer(locale: string | undefined): string {
  const language = locale?.toLowerCase().split('-')[0] ?? 'en';
  return NOT_FOUND_ANSWERS[language] ?? (NOT_FOUND_ANSWERS.en as string);
}
