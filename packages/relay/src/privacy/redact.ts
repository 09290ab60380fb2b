import { passesIbanCheck, passesLuhn } from './checksums.ts';

export type SensitiveKind = 'card' | 'iban' | 'email' | 'phone';

export const SENSITIVE_KINDS: readonly SensitiveKind[] = ['email', 'iban', 'card', 'phone'];

export interface SensitiveMatch {
  kind: SensitiveKind;
  start: number;
  end: number;
}

export interface RedactOptions {
  /** Which kinds to replace. Default: all of them. */
  kinds?: readonly SensitiveKind[];
}

/**
 * Replaces card numbers (Luhn-checked), IBANs (mod-97-checked), e-mail addresses and phone numbers
 * with `[card]`, `[iban]`, `[email]` and `[phone]`. Digit runs that fail the checksums, such as order
 * numbers, dates, prices and tracking numbers, are left alone so the assistant can still help with them.
 *
 * @example
 * redact('My card 4111 1111 1111 1111 was charged twice for order 100234')
 * // 'My card [card] was charged twice for order 100234'
 */
export function redact(text: string, options: RedactOptions = {}): string {
  const matches = findSensitive(text, options);
  let result = '';
  let position = 0;
  for (const match of matches) {
    result += `${text.slice(position, match.start)}[${match.kind}]`;
    position = match.end;
  }
  return result + text.slice(position);
}

/** Every sensitive span of the text, in order and without overlaps. */
export function findSensitive(text: string, options: RedactOptions = {}): SensitiveMatch[] {
  const kinds = options.kinds ?? SENSITIVE_KINDS;
  const found: SensitiveMatch[] = [];
  // Earlier kinds win an overlap: an e-mail's digits are not a phone number, an IBAN's digits not a card.
  for (const kind of SENSITIVE_KINDS) {
    if (!kinds.includes(kind)) continue;
    for (const match of DETECTORS[kind](text)) {
      if (!found.some((other) => match.start < other.end && other.start < match.end)) found.push(match);
    }
  }
  return found.sort((left, right) => left.start - right.start);
}

// --- internal ---

type Detector = (text: string) => SensitiveMatch[];

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

// Two letters, two check digits, then groups of four (spaces optional) and a shorter last group.
const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?(?![A-Za-z0-9])/g;

// 13 to 19 digits, in one run or in groups split by single spaces or hyphens; issuers' numbers start with 2 to 6.
// (Not right after an IBAN's country and check digits: an IBAN with a typo is not a card.)
const CARD = /(?<![\w.,/-])(?<![A-Za-z]{2}\d{2} )[2-6]\d{3}(?:[ -]?\d){9,15}(?![\w/-]|[.,]\d)/g;

// International numbers: a leading + and a country code.
const INTERNATIONAL_PHONE = /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){1,5}(?![\w-])/g;
// National numbers as people write them: a trunk 0 or an area code in brackets, then separated groups,
// or the North American 3-3-4 shape; never starting inside a longer run of digit groups.
const NATIONAL_PHONE =
  /(?<![\w.,/+-])(?<!\d[ .-])(?:\(0?\d{2,4}\)[ .-]?\d{2,4}(?:[ .-]?\d{2,4}){0,3}|0\d{1,4}(?:[ .-]\d{2,8}){1,4}|0\d{8,10}|\d{3}[ .-]\d{3}[ .-]\d{4})(?![\w/-]|[.,]\d)/g;
// Digits right after a word that says "phone" in a widget locale.
const PHONE_AFTER_KEYWORD =
  /\b(?:phone|tel|telephone|mobile|cell|call me(?: on| at)?|whatsapp|sms|text me(?: on| at)?|tel[eé]fono|m[oó]vil|telefon|handy|t[eé]l[eé]phone|portable|telefone|celular|mobil|mobilnummer)\b[^\d\n]{0,20}(\+?\d[\d .-]{5,18}\d)/giu;

const DETECTORS: Record<SensitiveKind, Detector> = {
  email: (text) => spans(text, EMAIL, 'email'),
  iban: (text) => {
    const matches: SensitiveMatch[] = [];
    for (const match of text.matchAll(IBAN)) {
      // The pattern may have swallowed a short word after the number: drop trailing groups until the check passes.
      let candidate = match[0];
      while (candidate.length >= 15 && !passesIbanCheck(candidate)) {
        const cut = candidate.lastIndexOf(' ');
        candidate = cut > 0 ? candidate.slice(0, cut) : '';
      }
      if (candidate.length >= 15)
        matches.push({ kind: 'iban', start: match.index, end: match.index + candidate.length });
    }
    return matches;
  },
  card: (text) =>
    spans(text, CARD, 'card').filter((match) => {
      const raw = text.slice(match.start, match.end);
      const digits = raw.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && consistentSeparators(raw) && passesLuhn(digits);
    }),
  phone: (text) => {
    const matches = [...spans(text, INTERNATIONAL_PHONE, 'phone'), ...spans(text, NATIONAL_PHONE, 'phone')].filter(
      (match) => {
        const raw = text.slice(match.start, match.end);
        const digitCount = raw.replace(/\D/g, '').length;
        return (
          digitCount >= 7 &&
          digitCount <= 15 &&
          !looksLikeDate(raw) &&
          !REFERENCE_BEFORE.test(text.slice(Math.max(0, match.start - 30), match.start))
        );
      },
    );
    for (const match of text.matchAll(PHONE_AFTER_KEYWORD)) {
      const number = match[1] ?? '';
      const start = match.index + match[0].length - number.length;
      const digitCount = number.replace(/\D/g, '').length;
      if (digitCount >= 7 && digitCount <= 15) matches.push({ kind: 'phone', start, end: start + number.length });
    }
    return matches;
  },
};

// "order 0012 3456 7890" is an order number, not a phone number: what comes right before a number says which.
const REFERENCE_BEFORE =
  /(?:order|invoice|receipt|ref(?:erence)?|tracking|parcel|shipment|sku|ean|isbn|item|article|customer|account|case|ticket|bestellung|rechnung|pedido|factura|commande|facture|encomenda|fatura|ordre|faktura|\bno\.?|\bnr\.?|#)\s*(?:number|no\.?|nr\.?|id|code|#)?\s*[:#]?\s*$/i;

function spans(text: string, pattern: RegExp, kind: SensitiveKind): SensitiveMatch[] {
  return [...text.matchAll(pattern)].map((match) => ({ kind, start: match.index, end: match.index + match[0].length }));
}

/** "4111 1111-1111 1111" is not how anyone writes a card; mixed separators are more likely two numbers. */
function consistentSeparators(raw: string): boolean {
  return !(raw.includes(' ') && raw.includes('-'));
}

function looksLikeDate(raw: string): boolean {
  return /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/.test(raw) || /^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/.test(raw);
}
