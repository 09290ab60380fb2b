/** A BCP 47 tag such as "en" or "pt-BR", checked by shape only: the relay and Intl decide what they support. */
export function isLanguageTag(value: unknown): value is string {
  return typeof value === 'string' && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(value);
}
