import { describe, expect, it } from 'vitest';
import { passesIbanCheck, passesLuhn } from './checksums.ts';
import { findSensitive, redact } from './redact.ts';

describe('redaction replaces what must not reach the model', () => {
  it.each([
    ['card in groups of four', 'My card 4111 1111 1111 1111 was charged twice', 'My card [card] was charged twice'],
    ['card in one run', 'card no. 5555555555554444.', 'card no. [card].'],
    ['card with hyphens', 'It was 6011-1111-1111-1117, expiry 12/28', 'It was [card], expiry 12/28'],
    ['15-digit Amex in its own grouping', 'amex 3782 822463 10005 please', 'amex [card] please'],
    ['German IBAN with spaces', 'Refund to DE89 3704 0044 0532 0130 00 please', 'Refund to [iban] please'],
    ['IBAN without spaces, lower case', 'iban: nl91abna0417164300', 'iban: [iban]'],
    ['UK IBAN with letters in the middle', 'GB82 WEST 1234 5698 7654 32 is mine', '[iban] is mine'],
    ['French IBAN ending in a short group', 'FR14 2004 1010 0505 0001 3M02 606.', '[iban].'],
    ['Swedish IBAN', 'SE45 5000 0000 0583 9825 7466', '[iban]'],
    ['e-mail', 'write to anna.berg+shop@example.co.uk today', 'write to [email] today'],
    ['international phone', 'call +49 30 1234567 after six', 'call [phone] after six'],
    ['international phone with area code in brackets', 'I am on +1 (555) 123-4567', 'I am on [phone]'],
    ['North American phone', 'reach me at (555) 123-4567 or 555.987.6543', 'reach me at [phone] or [phone]'],
    ['German landline', 'Festnetz 030 1234567', 'Festnetz [phone]'],
    ['French mobile in pairs', 'mon numéro 06 12 34 56 78', 'mon numéro [phone]'],
    ['Swedish mobile', 'ring 070-123 45 67', 'ring [phone]'],
    ['mobile in one run with a trunk zero', 'text 0612345678', 'text [phone]'],
    ['digits after the word "phone"', 'my phone is 5551234567', 'my phone is [phone]'],
    ['Spanish number after "teléfono"', 'mi teléfono es 612 345 678', 'mi teléfono es [phone]'],
    ['Portuguese number after "telefone"', 'meu telefone: 912 345 678', 'meu telefone: [phone]'],
    ['French mobile in international form', 'appelez +33 6 12 34 56 78', 'appelez [phone]'],
    ['Portuguese mobile in international form', 'ligue +351 912 345 678', 'ligue [phone]'],
    ['Saudi mobile in international form', 'رقمي +966 50 123 4567', 'رقمي [phone]'],
    ['international number with a 00 prefix', 'ring 0046 70 123 45 67', 'ring [phone]'],
    ['UK mobile', 'my mobile 07700 900123', 'my mobile [phone]'],
    ['Norwegian IBAN, the shortest kind', 'konto NO93 8601 1117 947', 'konto [iban]'],
    ['IBAN in lower case with spaces', 'de89 3704 0044 0532 0130 00', '[iban]'],
    ['e-mail in capitals inside brackets', '(ANNA.BERG@EXAMPLE.SE)', '([email])'],
    ['card right after a colon', 'Kartennummer:4111111111111111', 'Kartennummer:[card]'],
    [
      'everything at once',
      'Card 4111111111111111, IBAN DE89370400440532013000, mail a@b.io, tel +46 70 123 45 67',
      'Card [card], IBAN [iban], mail [email], tel [phone]',
    ],
  ])('%s', (_case, input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});

describe('redaction leaves what the assistant needs to help', () => {
  it.each([
    ['an order number', 'Where is order #100234?'],
    ['a long order number', 'Order 4000123456 has not arrived'],
    ['a 16-digit number that fails the Luhn check', 'reference 4111111111111112'],
    ['a card-length number from an issuer range that does not exist', 'invoice 9111111111111111'],
    ['a UPS tracking number', 'tracking 1Z999AA10123456784'],
    ['a DHL tracking number', 'DHL says JJD000390007827461 and 00340434161094042557'],
    ['a USPS tracking number', 'USPS 9400111899223100000000'],
    ['an ISO date', 'ordered on 2026-11-22'],
    ['a European date', 'delivered 22.11.2026'],
    ['an American date', 'delivered 11/22/2026'],
    ['a price with thousands', 'I paid 1,299.00 EUR and 1 299,00 kr'],
    ['a price in cents', 'shipping was 9.95'],
    ['a time', 'it came at 14:30'],
    ['a postcode and street number', 'Hauptstraße 12, 10115 Berlin'],
    ['an IBAN-shaped string with a wrong check digit', 'DE89 3704 0044 0532 0130 01'],
    ['a product code', 'SKU SE12-4455-AB in size 42'],
    ['a short quantity list', 'I ordered 2 x 3 packs, 12 items'],
    ['an at sign that is not an e-mail', 'meet @ the store'],
    ['an order number grouped like a phone number', 'order 0012 3456 7890 and invoice no. 030 1234567'],
    ['a barcode and an ISBN', 'EAN 5012345678900, ISBN 978-3-16-148410-0'],
    ['a reference with hyphens', 'ref 123-456-789 and invoice INV-2026-00042'],
    ['a time of day and a room number', 'call me at 3pm, I am in room 101'],
    ['an IP address and a version number', 'the app on 192.168.0.1 says version 10.4.2'],
    ['a quantity with a price', '3 items at 1.299,00 € each, 3.897,00 € in total'],
    ['a year range and a percentage', 'customer since 2019-2026, 15% off'],
    ['a short tracking number with letters', 'PostNord 00370712345678901234 and RR123456789SE'],
    ['an e-mail-like handle without a domain', 'my handle is @anna.berg on Instagram'],
  ])('%s', (_case, input) => {
    expect(redact(input)).toBe(input);
  });
});

describe('redaction options', () => {
  it('redacts only the kinds asked for', () => {
    expect(redact('a@b.io 4111111111111111', { kinds: ['card'] })).toBe('a@b.io [card]');
  });

  it('reports where each sensitive span is', () => {
    expect(findSensitive('mail a@b.io now')).toEqual([{ kind: 'email', start: 5, end: 11 }]);
  });
});

describe('checksums', () => {
  it('Luhn accepts real test cards and refuses a one-digit typo', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('378282246310005')).toBe(true);
    expect(passesLuhn('4111111111111121')).toBe(false);
  });

  it('IBAN mod-97 accepts valid IBANs and refuses a changed digit', () => {
    expect(passesIbanCheck('ES91 2100 0418 4502 0005 1332')).toBe(true);
    expect(passesIbanCheck('ES91 2100 0418 4502 0005 1333')).toBe(false);
  });
});
